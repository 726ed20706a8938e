package sqlite

import (
	"context"
	"database/sql"
	"slices"

	"convene/internal/convene"
)

// Group commit (issue 20: writes at the speed of the disk).
//
// Every write goes through the one writer connection, and with
// synchronous=FULL each COMMIT waits for fsync. One transaction per request
// made the writer's throughput one fsync per write, and handing the one
// connection from request to request cost a goroutine switch on a busy
// machine each time. Instead, the writes that arrive while a transaction
// commits wait in a queue, and the next transaction runs all of them, each
// in its own SAVEPOINT, and commits once: one fsync for the batch.
//
// What each use case sees is unchanged:
//   - the writes of one use case are still atomic: a use case whose function
//     fails is rolled back to its savepoint, and the others in the batch
//     commit without it;
//   - use cases still run one after another on the one connection, each
//     seeing what the ones before it wrote, so a check-then-write (quota,
//     room clash) is still atomic;
//   - update returns only after the COMMIT that carries its writes, and
//     returns an error if that COMMIT fails (then nothing of the batch is
//     written): no write is acknowledged before it is durable.
//
// The goroutine of one waiting request, the leader, runs a batch for
// everyone queued; no goroutine outlives the requests. A write, once begun,
// runs to its end: the request's cancellation no longer interrupts it (an
// interrupted statement rolls back the whole transaction, the other
// requests' writes with it); a request cancelled while it waits is not
// begun.

// maxBatch bounds the writes one transaction carries, so that one COMMIT
// acknowledges at most this many and the first of them waits for at most
// this many others.
const maxBatch = 64

// writeJob is one use case's write transaction waiting for the writer.
type writeJob struct {
	ctx  context.Context
	fn   func(tx *Tx) error
	done chan writeResult
}

type writeResult struct {
	err   error
	panic any // a panic in fn, raised again on the request's goroutine
}

// committer queues the writes and elects one leader at a time.
type committer struct {
	queue chan *writeJob
	lead  chan struct{} // holds a token while a leader runs a batch
}

func newCommitter() *committer {
	return &committer{queue: make(chan *writeJob, 4*maxBatch), lead: make(chan struct{}, 1)}
}

// update runs fn in one write transaction, committing if fn returns nil.
// It is how every store method changes data.
//
// A request whose input the web layer refused (a control character, a bidi
// override... see convene.CheckSingleLine) carries that verdict in its
// context, and update refuses with it before it begins: whatever the
// handler does with the refused values, nothing of that request is written.
func (d *DB) update(ctx context.Context, fn func(tx *Tx) error) error {
	if err := convene.RefusedInput(ctx); err != nil {
		return err
	}
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan writeResult, 1)}
	select {
	case d.commits.queue <- j:
	case <-ctx.Done():
		return ctx.Err()
	}
	for {
		select {
		case r := <-j.done:
			if r.panic != nil {
				panic(r.panic)
			}
			return r.err
		case d.commits.lead <- struct{}{}:
			d.runBatch()
			<-d.commits.lead
		}
	}
}

// runBatch takes the writes queued now (at most maxBatch) and runs them in
// one transaction. A lone write runs as it always did, without a savepoint.
func (d *DB) runBatch() {
	jobs := make([]*writeJob, 0, 8)
	for len(jobs) < maxBatch {
		select {
		case j := <-d.commits.queue:
			jobs = append(jobs, j)
			continue
		default:
		}
		break
	}
	if len(jobs) == 0 {
		return
	}
	results := make([]writeResult, len(jobs))
	defer func() {
		for i, j := range jobs {
			j.done <- results[i]
		}
	}()
	sqltx, err := d.write.BeginTx(context.Background(), nil)
	if err != nil {
		fail(results, translate(err))
		return
	}
	alone := len(jobs) == 1
	for i, j := range jobs {
		var broken error
		results[i], broken = d.runJob(sqltx, j, alone)
		if alone && !results[i].ok() {
			_ = sqltx.Rollback()
			return
		}
		if broken != nil {
			// The transaction is no longer known to hold only what the use
			// cases before this one wrote (SQLite rolls a transaction back
			// itself on an I/O error or an interrupt): none of it commits.
			_ = sqltx.Rollback()
			fail(results, broken)
			return
		}
	}
	if !slices.ContainsFunc(results, writeResult.ok) {
		_ = sqltx.Rollback()
		return
	}
	if err := sqltx.Commit(); err != nil {
		fail(results, translate(err))
		return
	}
	d.committed.Add(1)
}

// runJob runs one use case, in a savepoint unless it is alone in its
// transaction. broken is not nil when a savepoint could not be begun, rolled
// back or released.
func (d *DB) runJob(sqltx *sql.Tx, j *writeJob, alone bool) (r writeResult, broken error) {
	if err := j.ctx.Err(); err != nil {
		return writeResult{err: err}, nil
	}
	ctx := context.WithoutCancel(j.ctx)
	tx := &Tx{Tx: sqltx, ctx: ctx, now: d.Now().UTC(), actor: convene.ActorFrom(j.ctx), base: d.base, stmts: d.wstmts}
	if !alone {
		if _, err := tx.ExecContext(ctx, savepointQuery); err != nil {
			return writeResult{err: err}, err
		}
	}
	defer func() {
		if p := recover(); p != nil {
			r = writeResult{panic: p}
		}
		if alone {
			return
		}
		if !r.ok() {
			if _, err := tx.ExecContext(ctx, rollbackToQuery); err != nil {
				broken = err
				return
			}
		}
		if _, err := tx.ExecContext(ctx, releaseQuery); err != nil {
			broken = err
		}
	}()
	return writeResult{err: translate(j.fn(tx))}, nil
}

func (r writeResult) ok() bool { return r.err == nil && r.panic == nil }

// fail gives err to every use case of the batch that had succeeded: their
// writes were not committed.
func fail(results []writeResult, err error) {
	for i := range results {
		if results[i].ok() {
			results[i].err = err
		}
	}
}

const (
	savepointQuery  = "SAVEPOINT write"
	releaseQuery    = "RELEASE write"
	rollbackToQuery = "ROLLBACK TO write"
)
