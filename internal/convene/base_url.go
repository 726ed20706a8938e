package convene

import (
	"fmt"
	"net/url"
	"strings"
)

// ParseBaseURL checks the public address Convene is reached at, from which
// every link in an e-mail, a feed or a printout is built (never from the
// request's Host header, which a client chooses). It must be an absolute
// http or https address of the site's root: Convene's routes start at "/",
// so an address with a path could not be served. The result has no trailing
// slash, so that base + a path from internal/paths is the link.
func ParseBaseURL(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	switch {
	case s == "":
		return "", fmt.Errorf("no public address given")
	case err != nil:
		return "", fmt.Errorf("%q is not an address: %v", s, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("%q must start with https:// (or http://)", s)
	case u.Host == "" || u.User != nil:
		return "", fmt.Errorf("%q must name the host, e.g. https://convene.example.gov", s)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "":
		return "", fmt.Errorf("%q must be the site's root, with no path, query or fragment", s)
	}
	return u.Scheme + "://" + u.Host, nil
}
