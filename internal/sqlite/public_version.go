package sqlite

import "context"

// publicVersionQuery reads the version of what visitors see: the sum of
// the public version and the countries' version, two rows by their primary
// key. Both only grow, so their sum changes whenever either does.
const publicVersionQuery = `SELECT (SELECT version FROM public_version WHERE id = 1) +
	(SELECT version FROM reference_version WHERE id = 1)`

// PublicVersion returns the version of what visitors see (migration 01500's
// triggers bump it): it changes with every committed change to the meetings,
// their venues and focus areas, the countries and the published programme
// versions, and with nothing else (an edit of a programme's working draft
// leaves it). The web layer keys its cache of public pages by it.
func (d *DB) PublicVersion(ctx context.Context) (int64, error) {
	var v int64
	// Not in a transaction: one statement is its own snapshot, and the
	// read connection's prepared statement only binds and steps.
	err := d.read.QueryRowContext(ctx, publicVersionQuery).Scan(&v)
	return v, err
}
