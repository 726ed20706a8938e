package web

import (
	"strconv"
	"sync"
	"time"
)

// The sign-in limits. They count failed attempts only, and each answers with
// a growing delay: after a rule's free failures the key waits `first`, and
// each further failure doubles the wait, up to `max`; a key's failures are
// forgotten a day after its last one, and a right password forgets the
// account's own counters.
//
// A browser that has signed in to the account before carries a known-browser
// cookie for it (device.go, after OWASP's "device cookies"). Such a browser
// is limited on its own counter only: nothing another client does, from any
// address, can lock the owner's own browser out, and a right password from
// it is never refused for someone else's failures. Every other attempt is
// limited three ways:
//
//   - one account from one address: 5 failures, then 1 min, 2 min, 4 min...;
//     after the third failure every further one is answered slowly;
//   - one address, all accounts: 20 failures, then 30 s, 1 min, 2 min...
//     (a client spraying one password over many accounts);
//   - one account from unknown browsers, all addresses: 50 failures, then
//     1 min, 2 min, 4 min... This is the only rule that holds back someone at
//     an address that never failed, and it holds back unknown browsers only:
//     an attacker with many addresses keeps the account's new browsers out,
//     never the owner's known one.
//
// The address is the connection's unless -trusted-proxy names the proxy, so
// a forged X-Forwarded-For starts no fresh budget. The second factor has its
// own counter per account (5 failures, then 1 min, 2 min...).
var (
	ruleAccountAddr  = rule{name: "account at this address", free: 5, first: time.Minute, max: time.Hour}
	ruleAddr         = rule{name: "address", free: 20, first: 30 * time.Second, max: time.Hour}
	ruleAccount      = rule{name: "account from unknown browsers", free: 50, first: time.Minute, max: time.Hour}
	ruleKnownDevice  = rule{name: "known browser", free: 10, first: time.Minute, max: time.Hour}
	ruleSecondFactor = rule{name: "second factor", free: 5, first: time.Minute, max: time.Hour}
	rulePasswordMail = rule{name: "password-reset requests from this address", free: 10, first: time.Minute, max: time.Hour}
)

// forgetAfter is how long a key's failures are remembered after its last one.
const forgetAfter = 24 * time.Hour

// slowAfter is the failure count of an account at an address (or of a known
// browser) from which failures are answered slowly (Config.SignInFailureDelay).
const slowAfter = 3

// rule is one limit: free failures, then a wait that starts at first and
// doubles with every further failure, up to max.
type rule struct {
	name  string
	free  int
	first time.Duration
	max   time.Duration
}

// wait is how long a key with n failures waits before its next attempt.
func (r rule) wait(n int) time.Duration {
	if n < r.free {
		return 0
	}
	if doublings := n - r.free; doublings < 30 {
		return min(r.first<<doublings, r.max)
	}
	return r.max
}

// limitKey is one counter and the rule it follows.
type limitKey struct {
	key  string
	rule rule
}

// counter is what the limiter knows of one key.
type counter struct {
	failures int
	last     time.Time // the last failure
	until    time.Time // attempts before this are refused
	reported bool      // the refusal of the current wait was audited
}

// signInLimiter keeps the failure counters. Its clock is the server's (the
// store's Now), so tests move it rather than sleep.
type signInLimiter struct {
	mu       sync.Mutex
	counters map[string]*counter
	now      func() time.Time
}

func newSignInLimiter(now func() time.Time) *signInLimiter {
	return &signInLimiter{counters: map[string]*counter{}, now: now}
}

// attempt is who tries to sign in: the account as typed (normalised), the
// client address, and the id of the known-browser cookie the request
// carries for that account ("" when none).
type attempt struct {
	account, addr, device string
}

// keys are the counters an attempt is limited by.
func (a attempt) keys() []limitKey {
	if a.device != "" {
		return []limitKey{{"d:" + a.device, ruleKnownDevice}}
	}
	return []limitKey{
		{"a+i:" + a.account + "|" + a.addr, ruleAccountAddr},
		{"i:" + a.addr, ruleAddr},
		{"a:" + a.account, ruleAccount},
	}
}

// own are the counters a right password forgets: the account's at this
// address, or the known browser's. The address's and the account-wide
// counters stay, since they count other clients' failures too.
func (a attempt) own() []limitKey { return a.keys()[:1] }

// secondFactorKeys limit codes typed for one account, whoever types them.
func secondFactorKeys(userID int64) []limitKey {
	return []limitKey{{"2fa:" + strconv.FormatInt(userID, 10), ruleSecondFactor}}
}

// verdict is the limiter's answer to an attempt.
type verdict struct {
	ok    bool
	wait  time.Duration // how long until the attempt would be checked
	rule  string        // the rule that refuses
	first bool          // the first refusal of this wait (audited once, not per attempt)
}

// check reports whether an attempt may be checked at all.
func (l *signInLimiter) check(keys ...limitKey) verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	v := verdict{ok: true}
	for _, k := range keys {
		c, ok := l.counters[k.key]
		if !ok || !now.Before(c.until) {
			continue
		}
		if wait := c.until.Sub(now); v.ok || wait > v.wait {
			v.ok, v.wait, v.rule = false, wait, k.rule.name
		}
		if !c.reported {
			c.reported, v.first = true, true
		}
	}
	return v
}

// fail records a failed attempt on every key and reports whether its answer
// should be slow (the first key has failed slowAfter times or more).
func (l *signInLimiter) fail(keys ...limitKey) (slow bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.counters) > 50000 {
		l.prune(now)
	}
	for i, k := range keys {
		c, ok := l.counters[k.key]
		if !ok || now.Sub(c.last) > forgetAfter {
			c = &counter{}
			l.counters[k.key] = c
		}
		c.failures++
		c.last = now
		if wait := k.rule.wait(c.failures); wait > 0 {
			c.until, c.reported = now.Add(wait), false
		}
		if i == 0 && c.failures >= slowAfter {
			slow = true
		}
	}
	return slow
}

// forget drops counters after a success.
func (l *signInLimiter) forget(keys ...limitKey) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.counters, k.key)
	}
}

// prune forgets counters that refuse nothing now and failed long ago; it
// runs only when the map is large, so memory stays bounded.
func (l *signInLimiter) prune(now time.Time) {
	for k, c := range l.counters {
		if !now.Before(c.until) && now.Sub(c.last) > time.Hour {
			delete(l.counters, k)
		}
	}
}
