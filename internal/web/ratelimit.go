package web

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// The sign-in limits. Each counts failed attempts only: a person who types
// the right password is never held back by their own earlier successes.
//
//   - one account from one address: 5 failures at once, then one try a minute;
//     after the third failure every further failure is answered slowly;
//   - one address, all accounts: 20 failures, then one try every 30 seconds
//     (a password-spraying client);
//   - one account from anywhere: 50 failures, then one try a minute. This is
//     the only rule that can hold back the real user at another address, and
//     only while someone keeps failing on their account at scale.
//
// The address is the connection's unless -trusted-proxy names the proxy, so
// a forged X-Forwarded-For starts no fresh budget.
var (
	limitAccountAddr = limit{burst: 5, every: time.Minute}
	limitAddr        = limit{burst: 20, every: 30 * time.Second}
	limitAccount     = limit{burst: 50, every: time.Minute}
)

type limit struct {
	burst int
	every time.Duration
}

// signInLimiter keeps token buckets of failed sign-ins per key.
type signInLimiter struct {
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
	now     func() time.Time
}

func newSignInLimiter() *signInLimiter {
	return &signInLimiter{buckets: map[string]*rate.Limiter{}, now: time.Now}
}

func (l *signInLimiter) bucket(key string, lim limit) *rate.Limiter {
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) > 50000 {
			l.prune()
		}
		b = rate.NewLimiter(rate.Every(lim.every), lim.burst)
		l.buckets[key] = b
	}
	return b
}

// prune forgets buckets that have refilled: they carry no information.
func (l *signInLimiter) prune() {
	now := l.now()
	for k, b := range l.buckets {
		if b.TokensAt(now) >= float64(b.Burst()) {
			delete(l.buckets, k)
		}
	}
}

func (l *signInLimiter) keys(email, addr string) [3]struct {
	key string
	lim limit
} {
	return [3]struct {
		key string
		lim limit
	}{
		{"a+i:" + email + "|" + addr, limitAccountAddr},
		{"i:" + addr, limitAddr},
		{"a:" + email, limitAccount},
	}
}

// Allowed reports whether a sign-in attempt may be checked at all, and how
// long to wait before the answer to a failure (slowing guessers down).
func (l *signInLimiter) Allowed(email, addr string) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, k := range l.keys(email, addr) {
		b := l.bucket(k.key, k.lim)
		if b.TokensAt(now) < 1 {
			wait := time.Duration((1 - b.TokensAt(now)) * float64(k.lim.every))
			return false, wait.Round(time.Second)
		}
	}
	return true, 0
}

// Failed records a failed attempt against every key and reports whether the
// answer should be slowed (the third failure or later for the account at
// this address).
func (l *signInLimiter) Failed(email, addr string) (slow bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for i, k := range l.keys(email, addr) {
		b := l.bucket(k.key, k.lim)
		b.AllowN(now, 1)
		if i == 0 && b.TokensAt(now) <= float64(k.lim.burst-3) {
			slow = true
		}
	}
	return slow
}
