// Package password hashes and checks account passwords with argon2id, using
// github.com/alexedwards/argon2id: a small, maintained wrapper around
// golang.org/x/crypto/argon2 that handles salts, the PHC string format and
// constant-time comparison, which are easy to get subtly wrong by hand.
package password

import (
	"context"
	"fmt"

	"github.com/alexedwards/argon2id"
)

// params are OWASP's minimum recommendation for argon2id (19 MiB, 2 passes,
// 1 lane). Memory per hash is what bounds the server's footprint under a burst
// of sign-ins, so hashing also runs under a small semaphore (see slots).
var params = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// slots bounds how many hashes run at once: each takes 19 MiB and a core's
// worth of time, and a flood of sign-in attempts must not exhaust memory.
var slots = make(chan struct{}, 2)

func acquire(ctx context.Context) error {
	select {
	case slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func release() { <-slots }

// Hash returns the PHC-format argon2id hash of pw.
func Hash(ctx context.Context, pw string) (string, error) {
	if err := acquire(ctx); err != nil {
		return "", err
	}
	defer release()
	h, err := argon2id.CreateHash(pw, params)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return h, nil
}

// dummyHash is checked against when an account does not exist, so that an
// unknown e-mail address takes as long to refuse as a wrong password and
// timing does not reveal which accounts exist.
var dummyHash = func() string {
	h, err := argon2id.CreateHash("convene-dummy-password", params)
	if err != nil {
		panic(err)
	}
	return h
}()

// Verify reports whether pw matches hash. An empty hash (an account that has
// no password yet) never matches, but costs the same time.
func Verify(ctx context.Context, pw, hash string) (bool, error) {
	if err := acquire(ctx); err != nil {
		return false, err
	}
	defer release()
	if hash == "" {
		_, _ = argon2id.ComparePasswordAndHash(pw, dummyHash)
		return false, nil
	}
	ok, err := argon2id.ComparePasswordAndHash(pw, hash)
	if err != nil {
		return false, fmt.Errorf("verify password: %w", err)
	}
	return ok, nil
}

// Burn spends the time of one verification without checking anything; the
// sign-in handler calls it for unknown accounts.
func Burn(ctx context.Context, pw string) {
	_, _ = Verify(ctx, pw, "")
}
