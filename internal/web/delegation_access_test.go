package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"net/http"
	"strings"
	"testing"

	"convene/internal/convene"
)

// TestDelegationRoutesScopeByCountry walks every delegation, delegate,
// export and import route with real records, once with Viet Nam's (the
// focal point's own country) and once with Thailand's, for every role. It
// adds to TestEveryRouteForEveryRole, whose placeholder values cannot name a
// country: a focal point gets 404 for every Thai record, exactly like a
// missing one, and past authorization everyone else reaches the record.
func TestDelegationRoutesScopeByCountry(t *testing.T) {
	app := newTestApp(t)
	table := loadAccessTable(t)
	own := app.findPerson("adsom-wg-2025", "Đức Thắng")
	other := app.findPerson("adsom-wg-2025", "Anan Srisuk")
	// Both people have a badge photo, so that the photo route has a record to reach.
	var jpg bytes.Buffer
	_ = jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 4, 4)), nil)
	for _, id := range []int64{own.ID, other.ID} {
		if err := app.db.SetDelegatePhoto(context.Background(), id, jpg.Bytes(), 4, 4); err != nil {
			t.Fatal(err)
		}
	}
	fill := func(path, iso string, id int64) string {
		code := "adsom-wg-2025"
		if strings.Contains(path, "/poll/") {
			code = "adsom-2025" // the demo meeting with an availability poll
		}
		return strings.NewReplacer(":code", code, ":country", iso, ":id", fmt.Sprint(id)).Replace(path)
	}
	// One browser per role: none of these routes signs out or changes a
	// password, and every sign-in costs an Argon2id hash.
	clients := map[convene.Role]*client{}
	for _, role := range accessRoles {
		clients[role] = app.as(role)
	}
	checked := 0
	for _, r := range app.srv.Routes() {
		if !strings.Contains(r.Path, ":country") && !strings.Contains(r.Path, "/delegates") {
			continue
		}
		for _, role := range accessRoles {
			want := table[r.Method+" "+r.Path][role]
			for _, side := range []struct {
				iso   string
				id    int64
				other bool
			}{{"vnm", own.ID, false}, {"tha", other.ID, true}} {
				path := fill(r.Path, side.iso, side.id)
				if side.other && !strings.Contains(r.Path, ":country") && !strings.Contains(r.Path, ":id") {
					continue // a meeting-wide export: its scoping is tested in TestRosterExportsByRole
				}
				c := clients[role]
				var resp *http.Response
				if r.Method == http.MethodGet {
					resp, _ = c.get(path)
				} else {
					resp, _ = c.post(path, nil)
				}
				checked++
				switch {
				case !want:
					if allowed(resp) {
						t.Errorf("%s %s as %s: %d, want denied", r.Method, path, roleName(role), resp.StatusCode)
					}
				case role == convene.RoleFocal && side.other:
					if resp.StatusCode != http.StatusNotFound {
						t.Errorf("%s %s as focal point of Viet Nam: %d, want 404", r.Method, path, resp.StatusCode)
					}
				default:
					if resp.StatusCode == http.StatusNotFound || !allowed(resp) {
						t.Errorf("%s %s as %s: %d, want the record reached", r.Method, path, roleName(role), resp.StatusCode)
					}
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d checks: the route filter is wrong", checked)
	}
}
