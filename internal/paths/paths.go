// Package paths builds every address Convene links to or redirects to: one
// typed function per named route of internal/web/routes.go, named like the
// route (a route's variants with a query or a fragment add a word, e.g.
// CalendarYear). Handlers and views call these functions and never build a
// path by hand, so that an address is spelled in one place.
//
// Segments are escaped with net/url and queries built with it. The package
// imports the standard library and the domain only, so views may use it.
// internal/web's TestPathsResolveToTheirRoutes resolves every function's
// result through the real router and checks it reaches the route of the
// same name with the expected parameters: a path and its route cannot
// drift apart.
package paths

import (
	"net/url"
	"strconv"
	"strings"
)

// join builds a path from segments that are already safe ("meetings",
// "badges") and values to escape, given as segments too: every segment is
// escaped, which leaves the safe ones as they are.
func join(segments ...string) string {
	var b strings.Builder
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// id formats a record id for a path or a query.
func id(n int64) string { return strconv.FormatInt(n, 10) }

// query adds key=value pairs to p in the order given, each escaped by
// net/url; the order is kept so that links read as they always have.
func query(p string, kv ...string) string {
	if len(kv) == 0 {
		return p
	}
	var b strings.Builder
	b.WriteString(p)
	for i := 0; i+1 < len(kv); i += 2 {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(kv[i]))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(kv[i+1]))
	}
	return b.String()
}

// WithQuery adds an already encoded query (a request's own, e.g. for the
// PDF of the page being shown) to a path from this package.
func WithQuery(p, rawQuery string) string {
	if rawQuery == "" {
		return p
	}
	return p + "?" + rawQuery
}

// meeting is the address of a meeting's page or of a page under it.
func meeting(code string, rest ...string) string {
	return join(append([]string{"meetings", code}, rest...)...)
}

// Home is the landing page: the upcoming meetings.
func Home() string { return "/" }

// HomePage is a page of the landing page's list: the upcoming meetings, or
// with past the past ones; page 1 is the first.
func HomePage(past bool, page int) string {
	var kv []string
	if past {
		kv = append(kv, "past", "1")
	}
	if page > 1 {
		kv = append(kv, "page", strconv.Itoa(page))
	}
	return query(Home(), kv...)
}

// Static is an embedded static file by its plain name ("css/app.css"),
// cached for minutes. Pages link static.Path's name instead, which carries
// the content hash and is cached for a year; this one is for the rare
// place that has no asset table (a component rendered without a request).
func Static(name string) string {
	return join(append([]string{"static"}, strings.Split(name, "/")...)...)
}

// Healthz is the health check the container and `convene healthcheck` call.
func Healthz() string { return "/healthz" }

// SignIn is the sign-in form.
func SignIn() string { return "/sign-in" }

// SignInNext is the sign-in form that returns to next after signing in.
func SignInNext(next string) string { return query(SignIn(), "next", next) }

// SignInCode asks for the second factor after a right password.
func SignInCode() string { return join("sign-in", "code") }

// SignInEnrol sets up the second factor at the first sign-in of an account
// that must have one.
func SignInEnrol() string { return join("sign-in", "enrol") }

// PasswordForgot asks for a password-reset link by e-mail.
func PasswordForgot() string { return join("password", "forgot") }

// PasswordReset sets a new password through the link of a reset e-mail.
func PasswordReset(token string) string { return join("password", "reset", token) }

// SignOut signs the browser out (POST).
func SignOut() string { return "/sign-out" }

// Account is the signed-in person's own account page.
func Account() string { return "/account" }

// AccountPassword changes one's own password (POST).
func AccountPassword() string { return join("account", "password") }

// AccountTwoFactor turns one's second factor on, or shows that it is on.
func AccountTwoFactor() string { return join("account", "two-factor") }

// AccountTwoFactorOff turns one's second factor off (POST).
func AccountTwoFactorOff() string { return join("account", "two-factor", "off") }

// CalendarFeed is the page that makes and shows one's personal calendar feed.
func CalendarFeed() string { return join("account", "calendar") }

// CalendarFeedRevoke stops one's calendar feed (POST).
func CalendarFeedRevoke() string { return join("account", "calendar", "revoke") }

// Feed is a personal calendar feed, by its secret token.
func Feed(token string) string { return join("feeds", token) }

// Audit is the newest page of the audit log.
func Audit() string { return "/audit" }

// AuditFiltered is a page of the audit log filtered by meeting code,
// person, action code and dates (YYYY-MM-DD, as typed), older than before
// when it is not 0; empty filters are left out.
func AuditFiltered(meeting, person, action, from, to string, before int64) string {
	var kv []string
	for _, f := range [][2]string{{"meeting", meeting}, {"person", person}, {"action", action}, {"from", from}, {"to", to}} {
		if f[1] != "" {
			kv = append(kv, f[0], f[1])
		}
	}
	if before != 0 {
		kv = append(kv, "before", id(before))
	}
	return query(Audit(), kv...)
}

// AuditBefore is the page of the audit log with the entries older than id.
func AuditBefore(before int64) string { return query(Audit(), "before", id(before)) }

// Users is the list of accounts.
func Users() string { return join("admin", "users") }

// UserNew is the form that adds an account.
func UserNew() string { return join("admin", "users", "new") }

// User is the form that changes an account.
func User(userID int64) string { return join("admin", "users", id(userID)) }

// UserTwoFactorReset turns an account's second factor off, for a person
// who lost their phone (POST, administrators).
func UserTwoFactorReset(userID int64) string {
	return join("admin", "users", id(userID), "two-factor", "reset")
}

// UserPasswordReset e-mails an account a link to set a new password (POST,
// administrators).
func UserPasswordReset(userID int64) string {
	return join("admin", "users", id(userID), "password-reset")
}

// Holidays is the public-holiday import.
func Holidays() string { return "/holidays" }

// Calendar is the current year's meetings.
func Calendar() string { return "/calendar" }

// CalendarYear is one year's meetings.
func CalendarYear(year int) string { return query(Calendar(), "year", strconv.Itoa(year)) }

// MyProgramme is a delegate's own programme.
func MyProgramme() string { return "/my-programme" }

// MyRegistration is a delegate's own record.
func MyRegistration() string { return "/my-registration" }
