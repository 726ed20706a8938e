package web

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// cookieKeys are fixed keys: the test depends on no random bytes.
var cookieKeys = [2][]byte{bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)}

// TestCookieJSONKeepsStateValues: the state cookie's values (a CSRF token
// and queued messages) read back with the types the handlers assert.
func TestCookieJSONKeepsStateValues(t *testing.T) {
	store := sessions.NewCookieStore(cookieKeys[0], cookieKeys[1])
	useCookieJSON(store)
	in := map[interface{}]interface{}{valCSRF: "token-1", valFlash: []interface{}{"ok|Saved.", "info|Sent."}}
	encoded, err := securecookie.EncodeMulti(stateCookie, in, store.Codecs...)
	if err != nil {
		t.Fatal(err)
	}
	out := map[interface{}]interface{}{}
	if err := securecookie.DecodeMulti(stateCookie, encoded, &out, store.Codecs...); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("read back %#v; want %#v", out, in)
	}
	if _, ok := out[valFlash].([]interface{}); !ok {
		t.Errorf("flashes read back as %T; sessions.Flashes asserts []interface{}", out[valFlash])
	}
}

// TestCookieJSONReadsGobCookies: cookies written before the change (gob,
// the same keys) are still read, so an upgrade signs nobody out and loses
// no form's token.
func TestCookieJSONReadsGobCookies(t *testing.T) {
	old := securecookie.New(cookieKeys[0], cookieKeys[1])
	now := securecookie.New(cookieKeys[0], cookieKeys[1])
	now.SetSerializer(cookieJSON{})

	login, err := old.Encode(loginCookie, "login-token")
	if err != nil {
		t.Fatal(err)
	}
	var token string
	if err := now.Decode(loginCookie, login, &token); err != nil || token != "login-token" {
		t.Errorf("old login cookie read as %q, %v", token, err)
	}

	state, err := old.Encode(stateCookie, map[interface{}]interface{}{valCSRF: "token-2"})
	if err != nil {
		t.Fatal(err)
	}
	values := map[interface{}]interface{}{}
	if err := now.Decode(stateCookie, state, &values); err != nil || values[valCSRF] != "token-2" {
		t.Errorf("old state cookie read as %v, %v", values, err)
	}
}

// TestCookieJSONRefusesOtherValues: a value JSON would change on the way
// (a number comes back as float64) is refused when written, not altered.
func TestCookieJSONRefusesOtherValues(t *testing.T) {
	codec := securecookie.New(cookieKeys[0], cookieKeys[1])
	codec.SetSerializer(cookieJSON{})
	for _, v := range []interface{}{42, true, []interface{}{"a", 1}} {
		if _, err := codec.Encode(stateCookie, map[interface{}]interface{}{"x": v}); err == nil {
			t.Errorf("%#v was written", v)
		}
	}
}
