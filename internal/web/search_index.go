package web

import (
	"context"
	"time"
)

// searchMergeInterval is how often the names' search index is merged.
const searchMergeInterval = 10 * time.Minute

// maintainSearch merges the names' search index (sqlite.MergeSearchIndex)
// when the server starts and every searchMergeInterval, so that a search
// costs what the meeting searched holds, not what the file's history left
// in the index. Like sweepLogins it is idempotent and needs no lease: two
// servers on one file may both run it.
func (s *Server) maintainSearch(ctx context.Context) {
	t := time.NewTicker(searchMergeInterval)
	defer t.Stop()
	for {
		if err := s.db.MergeSearchIndex(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("merge search index", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
