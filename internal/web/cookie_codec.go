package web

import (
	"encoding/json"
	"fmt"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// cookieJSON is the serializer of the state and login cookies: what the
// cookie carries (a CSRF token and queued messages; a login's token) as
// JSON, inside securecookie's encryption and signature as before.
//
// Why not gorilla's default, gob: every signed-in page reads both cookies,
// and gob builds its decoder's machinery anew for every value, which cost
// about a tenth of a signed-in page's time (issue 20's profiles); JSON of a
// few strings costs a fraction of that. Why not securecookie's JSONEncoder:
// the state session keeps its values in a map[interface{}]interface{},
// which encoding/json cannot write.
//
// Cookies written by an earlier version (gob) are still read: JSON is
// tried first, then gob, so nobody is signed out and no form's token is
// lost when the server is upgraded.
type cookieJSON struct{}

// Serialize writes src as JSON. A session's values must have string keys
// and hold strings or lists of strings (stateValue), which is all the state
// cookie holds; anything else is refused rather than changed on the way.
func (cookieJSON) Serialize(src any) ([]byte, error) {
	values, ok := src.(map[interface{}]interface{})
	if !ok {
		return json.Marshal(src)
	}
	out := make(map[string]any, len(values))
	for k, v := range values {
		key, ok := k.(string)
		if !ok || !stateValue(v) {
			return nil, fmt.Errorf("cookie value %v (%T) cannot be kept in a cookie", k, v)
		}
		out[key] = v
	}
	return json.Marshal(out)
}

// Deserialize reads what Serialize wrote, or what gob wrote before it.
func (cookieJSON) Deserialize(src []byte, dst any) error {
	if err := deserializeJSON(src, dst); err != nil {
		return securecookie.GobEncoder{}.Deserialize(src, dst)
	}
	return nil
}

func deserializeJSON(src []byte, dst any) error {
	values, ok := dst.(*map[interface{}]interface{})
	if !ok {
		return json.Unmarshal(src, dst)
	}
	var in map[string]any
	if err := json.Unmarshal(src, &in); err != nil {
		return err
	}
	if *values == nil {
		*values = make(map[interface{}]interface{}, len(in))
	}
	for k, v := range in {
		if !stateValue(v) {
			return fmt.Errorf("cookie value %q is a %T", k, v)
		}
		(*values)[k] = v
	}
	return nil
}

// stateValue reports whether v is a value the cookies keep: a string or a
// list of strings (JSON reads a list back as []any, as sessions' flashes
// are kept).
func stateValue(v any) bool {
	switch v := v.(type) {
	case string:
		return true
	case []any:
		for _, x := range v {
			if _, ok := x.(string); !ok {
				return false
			}
		}
		return true
	}
	return false
}

// useCookieJSON makes every codec of the store (and the given codecs)
// serialize with cookieJSON.
func useCookieJSON(store *sessions.CookieStore, codecs ...securecookie.Codec) {
	for _, c := range append(store.Codecs, codecs...) {
		if sc, ok := c.(*securecookie.SecureCookie); ok {
			sc.SetSerializer(cookieJSON{})
		}
	}
}
