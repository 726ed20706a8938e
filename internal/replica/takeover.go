package replica

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/superfly/ltx"
)

// RestoreIfMissing restores the database at path from the replica when the
// file does not exist or is empty (zero bytes, with no WAL beside it), as on
// a new machine or a warm standby taking over; it answers whether it
// restored. A replica that holds no backup yet is not an error: the caller
// then creates a new database. A replica out of reach is an error, so that
// a server never starts empty when its data exists elsewhere.
//
// Unlike Restore, it may write to the replica (see takeOver): the server
// that calls it replicates to the same address next, as the one writer.
func RestoreIfMissing(ctx context.Context, path, from string, log *slog.Logger) (bool, error) {
	fi, err := os.Stat(path)
	switch {
	case err == nil && (fi.Size() > 0 || walSize(path) > 0):
		return false, nil // a database, perhaps with its pages still in the WAL
	case err == nil:
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return false, err
			}
		}
	case !errors.Is(err, fs.ErrNotExist):
		return false, err
	}
	// Litestream's local files of an earlier life of this path describe
	// another database: the restored one starts afresh.
	if err := os.RemoveAll(metaDir(path)); err != nil {
		return false, err
	}
	err = takeOver(ctx, from, path, log)
	if errors.Is(err, ErrNoBackup) {
		return false, nil
	}
	return err == nil, err
}

// takeOver restores the replica's latest state to path, and first makes
// the replica's level-0 files reach that state, so that the Litestream
// started on path next continues the replica's history instead of forking
// it.
//
// Litestream numbers its syncs (TXIDs) and keeps them as level-0 files; a
// server that dies leaves level 0 ending at its last upload. But its
// snapshot (level 9, daily) is taken from its local position, which can be
// ahead of that: a snapshot at TXID 5 while level 0 ends at 4, when the
// server dies within a sync interval of the snapshot. A restore gets state
// 5 from the snapshot, while Litestream on the new server takes its
// position from level 0 alone (DB.checkDatabaseBehindReplica, v0.5.18) and
// numbers its first sync 5 again. Every later restore then takes the old
// snapshot 5, skips the new server's 5 (its first writes are lost) and
// applies its 6, 7, ... to a state they do not follow. So, when the restored
// TXID is past level 0, takeOver uploads the restored state as level 0's
// next files (continueLevel0): Litestream then fetches the last of them as
// its starting point, numbers its first sync after the snapshot, and level
// 0 stays one unbroken chain, as its compaction into level 1 requires.
//
// The state is restored into a temporary file and renamed to path only
// once level 0 reaches it: a takeover that fails leaves no database, so
// the next start takes over again instead of replicating the fork.
func takeOver(ctx context.Context, from, path string, log *slog.Logger) error {
	src, err := openSource(from, log)
	if err != nil {
		return err
	}
	plan, err := litestream.CalcRestorePlan(ctx, src.client, 0, time.Time{}, src.log)
	if err != nil {
		return src.explain(ctx, err, time.Time{})
	}
	last := plan[len(plan)-1]
	undo, err := makeDir(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer undo(path)
	tmp := path + ".takeover"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} { // an earlier attempt's
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	defer func() { _ = os.Remove(tmp) }() // no-op once renamed
	if err := src.restore(ctx, tmp, time.Time{}, last.MaxTXID); err != nil {
		return err
	}
	if err := src.continueLevel0(ctx, tmp, last); err != nil {
		return fmt.Errorf("take over %s: %w", src.shown, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// continueLevel0 uploads the state restored in dbPath, at the restore
// plan's last file last, as level 0's files from the replica's last
// level-0 TXID+1 to last.MaxTXID, when level 0 ends before it: one file
// for the TXIDs in between (the replica never held their states; a restore
// to one of them gets the restored state) and one for last.MaxTXID alone,
// the file Litestream starts from. Each holds every page of the database;
// their time is last's, when the restored state was current, so a
// point-in-time restore sees them as it saw the snapshot.
func (s *source) continueLevel0(ctx context.Context, dbPath string, last *ltx.FileInfo) error {
	top := last.MaxTXID
	var l0 ltx.TXID
	itr, err := s.client.LTXFiles(ctx, 0, 0, false)
	if err != nil {
		return err
	}
	for itr.Next() {
		l0 = max(l0, itr.Item().MaxTXID)
	}
	if err := itr.Close(); err != nil {
		return err
	}
	if l0 >= top {
		return nil // level 0 holds the restored state: Litestream starts from it
	}
	at := last.CreatedAt
	if at.IsZero() {
		at = time.Now()
	}
	spans := [][2]ltx.TXID{{top, top}}
	if top-1 > l0 {
		spans = [][2]ltx.TXID{{l0 + 1, top - 1}, {top, top}}
	}
	for _, sp := range spans { // in order: level 0 never ends on the span
		if err := s.uploadImage(ctx, dbPath, sp[0], sp[1], at); err != nil {
			return fmt.Errorf("continue level 0 at %s-%s: %w", sp[0], sp[1], err)
		}
	}
	s.log.Warn("the replica's last snapshot was ahead of its level-0 files: continued level 0 with the restored state",
		"level0", l0.String(), "restored", top.String())
	return nil
}

// uploadImage writes the database at dbPath as one LTX file holding every
// page, for TXIDs minTXID to maxTXID, and uploads it to level 0.
func (s *source) uploadImage(ctx context.Context, dbPath string, minTXID, maxTXID ltx.TXID, at time.Time) error {
	f, err := os.CreateTemp(filepath.Dir(dbPath), ".takeover-*.ltx")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(f.Name()) }()
	defer f.Close()
	if err := encodeImage(f, dbPath, minTXID, maxTXID, at); err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err = s.client.WriteLTXFile(ctx, 0, minTXID, maxTXID, f)
	return err
}

// encodeImage writes every page of the database file at dbPath (no WAL
// beside it) to w as an LTX file, the form Litestream gives a full
// snapshot it takes while syncing: the WAL position is the start of a WAL
// whose salts match none, so Litestream, starting from this file, snapshots
// again rather than trusting a WAL it did not write.
func encodeImage(w io.Writer, dbPath string, minTXID, maxTXID ltx.TXID, at time.Time) error {
	db, err := os.Open(dbPath) // #nosec G304 -- the server's own database file, restored a moment ago from its configured path.
	if err != nil {
		return err
	}
	defer db.Close()
	hdr := make([]byte, 100)
	if _, err := io.ReadFull(db, hdr); err != nil {
		return fmt.Errorf("read the database header: %w", err)
	}
	pageSize := uint32(binary.BigEndian.Uint16(hdr[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	fi, err := db.Stat()
	if err != nil {
		return err
	}
	if pageSize < 512 || fi.Size()%int64(pageSize) != 0 {
		return fmt.Errorf("%s: %d bytes is not a whole number of %d-byte pages", dbPath, fi.Size(), pageSize)
	}
	pages := fi.Size() / int64(pageSize)
	if pages > math.MaxUint32 {
		return fmt.Errorf("%s: %d pages is more than SQLite allows", dbPath, pages)
	}
	commit := uint32(pages) // #nosec G115 -- checked against MaxUint32 just above.
	enc, err := ltx.NewEncoder(w)
	if err != nil {
		return err
	}
	if err := enc.EncodeHeader(ltx.Header{
		Version: ltx.Version, Flags: ltx.HeaderFlagNoChecksum, PageSize: pageSize, Commit: commit,
		MinTXID: minTXID, MaxTXID: maxTXID, Timestamp: at.UnixMilli(), WALOffset: litestream.WALHeaderSize,
	}); err != nil {
		return err
	}
	page := make([]byte, pageSize)
	lock := ltx.LockPgno(pageSize)
	for pgno := uint32(1); pgno <= commit; pgno++ {
		if pgno == lock {
			continue // SQLite never writes the lock page; LTX files leave it out
		}
		if _, err := db.ReadAt(page, int64(pgno-1)*int64(pageSize)); err != nil {
			return fmt.Errorf("read page %d: %w", pgno, err)
		}
		if err := enc.EncodePage(ltx.PageHeader{Pgno: pgno}, page); err != nil {
			return err
		}
	}
	return enc.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir) // #nosec G304 -- the directory of the configured database, opened only to fsync it.
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// metaDir is where Litestream keeps its local files for the database at path.
func metaDir(path string) string {
	dir, file := filepath.Split(path)
	return filepath.Join(dir, "."+file+litestream.MetaDirSuffix)
}
