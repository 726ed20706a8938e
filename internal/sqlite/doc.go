// Package sqlite stores Convene's data in one SQLite file. It is the only
// package that sees database/sql. Every use case is one method that opens one
// transaction (DESIGN.md rule 2); writes go through a single writer
// connection so that check-then-insert is atomic, reads through a separate
// read-only pool so that they never wait for the writer. The store counts,
// reads and writes; the rules it applies (validation, the registration state
// machine, a delegation's status, what a badge admits, what an e-mail says)
// are pure functions of internal/convene that it calls.
//
// # Where things go
//
// Each resource has one file, named after it, holding its columns, its scan
// function, its public methods (FindX, FindXs, CreateX, UpdateX, DeleteX and
// its use cases) and the private helpers that take a transaction:
//
//	country.go (reference data, read only: migrations ship it), venue.go,
//	room.go (seats per layout, equipment), airport.go, user.go, login.go,
//	calendar_feed.go, meeting.go, meeting_clone.go, meeting_home.go (the
//	landing page's lists), meeting_choice.go (meetings to choose from,
//	kept in memory by version),
//	focus_area.go, holiday.go (and the date planner's input), poll.go
//	(availability polls and confirming a meeting's dates), chair.go (the
//	chair of each year, the Experts' Working Groups' co-chairs), cycle.go
//	(next year's calendar),
//	session.go, hold.go (room holds), booking.go (sessions, holds and
//	scheduled bilaterals read as one kind of booking: the one place the
//	clash checks read from), clash.go (the clash rules' input), programme.go (a
//	delegate's own programme, the bilaterals programmes show),
//	programme_version.go (publishing, and the published copies the
//	public reads),
//	delegation.go (and its derived status), participation.go (a meeting's
//	participants and default quota), quota.go, focal_point.go,
//	delegate.go, registration.go, delegate_list.go (the delegates list's
//	narrow page, and a search's), delegate_search.go (the names search:
//	a meeting's folded names, the trigram index across meetings, its merge),
//	packed_row.go (a hot list's rows read as one text column each),
//	nomination.go, accreditation.go (the registration state machine),
//	pending_change.go (changes to accredited people waiting for approval),
//	registration_link.go, registration_settings.go, invitation.go (focal
//	points), carry_over.go, roster.go (import and export), photo.go,
//	outbox.go (queued e-mail and the mail worker's queries),
//	badge.go, check_in.go, room_block.go, stay.go, liaison_officer.go,
//	travel.go (arrivals and departures), transfer.go (airport runs),
//	bilateral.go, document.go (meeting papers, versions, downloads),
//	document_limit.go (upload size limits), note_verbale.go, audit.go,
//	audit_record.go (naming a page's records), purge.go.
//
// A new resource gets a new file; a new use case of a resource goes in that
// resource's file. What the files share is named for what it does:
//
//	db.go         Open and its options, the two pools, pragmas, migrations
//	holiday_seed.go, schema_widen.go  the migrations written in Go: the
//	              shipped holidays, and a CHECK list widened from the table's
//	              stored definition
//	tx.go         Tx, update (one write transaction), view (one snapshot), translate
//	query.go      querier, scanner, queryAll, queryOne, scanAll: the one query loop
//	convert.go    how times, dates, booleans and optional ids are stored
//	public_version.go  the version of what visitors see (public page cache)
//	page_cache.go the lists signed-in pages read most (a meeting by its code,
//	              its delegations, published programme, bilaterals and
//	              papers), kept in memory by the page version (migration
//	              01550's triggers), read once per request (PageScope)
//	protocol_order.go  a meeting's protocol order from the countries and
//	              their dated standings (kept in memory by version): sorted
//	              in Go, or handed to SQL as a JSON array of country ids
//	              for the lists SQL pages
//	token.go      link secrets and their stored hashes
//	read_conn.go  the read pool's connections, which keep every statement
//	              they run prepared (bounded, per connection)
//	stmtcache.go  fixed sets of statements prepared on a pool at open (the
//	              writer's hot writes, the registration lists)
//	hooks.go      Hooks: the race tests' controls, given to Open by tests only
//	backup.go, digest.go  maintenance and whole-database inspection
//
// The demo loader writes through a Seeder (seed.go, seed_*.go), one
// transaction for the whole dataset, calling the same private helpers as
// the pages. Benchmark-only code (bench.go, bench_seed.go) builds only with
// -tags bench, which cmd/convene-bench requires; the production binary has
// none of it.
package sqlite
