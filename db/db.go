// Package db holds what the database is made of: the SQL migrations, applied
// in order at start-up, and seed data that is fact rather than code.
package db

import "embed"

// Migrations holds db/migrations/NNNNN_description.sql. They are forward-only:
// a released migration is never edited, a fix is a new migration.
//
//go:embed migrations/*.sql
var Migrations embed.FS
