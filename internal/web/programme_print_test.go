package web

import (
	"net/http"
	"strings"
	"testing"

	"convene/internal/convene"
)

// TestProgrammePrintPublicOrFull: the secretariat and organisers choose
// between printing the full programme (internal sessions and notes) and
// the public one, which leaves out internal and delegates-only sessions and
// every internal note; those who see only the public sessions get no choice.
func TestProgrammePrintPublicOrFull(t *testing.T) {
	app := newTestApp(t)
	const public, delegates, internal, note = "Official opening of the ADMM Retreat 2025",
		"Retreat session: regional security outlook", "Secretariat debrief", "Motorcade order"
	for _, role := range []convene.Role{convene.RoleOrganiser, convene.RoleAdmin} {
		c := app.as(role)
		_, full := c.get(retreatPath + "/programme")
		for _, want := range []string{public, delegates, internal, note, `id="print-public"`} {
			if !strings.Contains(full, want) {
				t.Errorf("%s: the full programme lacks %q", roleName(role), want)
			}
		}
		resp, pub := c.get(retreatPath + "/programme?audience=public")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: public programme status %d", roleName(role), resp.StatusCode)
		}
		if !strings.Contains(pub, public) || !strings.Contains(pub, "Public programme") {
			t.Errorf("%s: the public programme lacks its public session or its heading", roleName(role))
		}
		for _, leak := range []string{delegates, internal, note, "Internal:", "session-internal", "session-delegates"} {
			if strings.Contains(pub, leak) {
				t.Errorf("%s: the public programme prints %q", roleName(role), leak)
			}
		}
	}
	_, body := app.as(convene.RoleFocal).get(retreatPath + "/programme")
	if strings.Contains(body, `id="print-choice"`) {
		t.Errorf("a focal point, who sees no internal session, is offered the print choice")
	}
}
