package web

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"convene/internal/convene"
)

// TestFlashQueueStaysSmall is the regression test for a bug the crash test
// found: a client that posts forms without following the redirects queued
// one flash message per post in the state cookie until it passed 4 KB, and
// from then on every successful write was answered 500 after it committed.
// Control: the first posts must queue flashes (the cookie grows), so the
// test is not passing because flashes were switched off.
func TestFlashQueueStaysSmall(t *testing.T) {
	app := newTestApp(t)
	admin := app.as(convene.RoleAdmin)
	staff, err := app.db.FindUserByEmail(t.Context(), "staff@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/admin/users/%d", staff.ID)
	admin.get(path)
	u, _ := url.Parse(app.ts.URL)
	stateSize := func() int {
		n := 0
		for _, ck := range admin.http.Jar.Cookies(u) {
			if ck.Name != loginCookie {
				n += len(ck.Name) + len(ck.Value)
			}
		}
		return n
	}
	start, largest := stateSize(), 0
	const posts = 150
	for i := range posts {
		// A long name in Myanmar script: 3 bytes a character.
		name := fmt.Sprintf("%s %d", string([]rune("အောင်ကျော်မင်းထွန်းဇော်ဝင်းနိုင်")[:30]), i)
		resp, body := admin.post(path, url.Values{"name": {name}, "role": {"officer"}, "country": {""}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("post %d without following the redirect: status %d\n%.300s", i, resp.StatusCode, body)
		}
		largest = max(largest, stateSize())
	}
	if largest <= start {
		t.Errorf("control: the state cookie never grew (%d bytes), so no flash was queued", largest)
	}
	if largest > 4096 {
		t.Errorf("state cookie reached %d bytes", largest)
	}
	fmt.Printf("flash queue: %d unread flashes, state cookie at most %d bytes (started at %d)\n", posts, largest, start)
}
