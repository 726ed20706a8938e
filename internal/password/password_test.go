package password

import (
	"context"
	"strings"
	"testing"
)

// TestHashAndVerify checks the production parameters end to end: a hash
// carries OWASP's argon2id minimum in its PHC string, verifies against its
// own password only, and an account without a hash never matches. The web
// tests use cheaper test-only hashes, so this is where these parameters are
// proven.
func TestHashAndVerify(t *testing.T) {
	ctx := context.Background()
	h, err := Hash(ctx, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q does not carry the production parameters m=19456,t=2,p=1", h)
	}
	h2, err := Hash(ctx, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if h == h2 {
		t.Error("two hashes of the same password are equal: the salt is not random")
	}
	for _, c := range []struct {
		pw, hash string
		want     bool
	}{
		{"correct horse battery", h, true},
		{"correct horse battery", h2, true},
		{"Correct horse battery", h, false},
		{"", h, false},
		{"correct horse battery", "", false},
	} {
		got, err := Verify(ctx, c.pw, c.hash)
		if err != nil {
			t.Fatalf("Verify: %v", err)
		}
		if got != c.want {
			t.Errorf("Verify(password #%d, hash set=%v) = %v, want %v", len(c.pw), c.hash != "", got, c.want)
		}
	}
	if _, err := Verify(ctx, "x", "not a hash"); err == nil {
		t.Error("a malformed hash verified without an error")
	}
}
