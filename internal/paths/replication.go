package paths

// Replication is the administrator's page of continuous replication: its
// status, and "Sync now" (a POST to the same path).
func Replication() string { return join("admin", "replication") }
