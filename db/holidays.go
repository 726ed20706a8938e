package db

import "embed"

// Holidays holds seed/holidays_YYYY.csv: national public holidays by
// country, which the date planner checks candidate dates against. They are
// fact, not code, so they live here as data; each row says whether it was
// verified against a published list.
//
//go:embed seed/holidays_*.csv
var Holidays embed.FS
