package convene

import (
	"net/url"
	"strings"
)

// SafeRedirectTarget keeps a redirect taken from user input (the sign-in
// form's "next") on this site: only an absolute path such as "/meetings/x"
// passes; "//evil.example", "/\evil.example", a full URL, or anything with a
// tab or line break (which browsers drop, turning "/\t/x" into "//x") gives
// "/". It lives in the domain, not in web, because it is a pure rule, and so
// that its fuzz target builds without the database driver.
func SafeRedirectTarget(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}
