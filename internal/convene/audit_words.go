package convene

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The audit log stores codes (action "self_register", entity "delegate",
// summary `counterpart_id: "1"; starts_at: "2025-02-25T08:40:00.000Z"`):
// they are stable and searchable. People read them through the functions
// below, which turn them into words, names and times in a named zone
// (issue 23). Nothing here changes what is stored.

// auditActions are actions in words, as the verb of "<who> <verb> <record>".
var auditActions = map[string]string{
	"create": "created", "update": "changed", "delete": "deleted", "status": "changed the status of",
	"self_register": "registered through a personal link:", "nominate": "nominated", "submit": "submitted",
	"accredit": "accredited", "return": "returned for correction", "reject": "rejected", "withdraw": "withdrew",
	"promote": "moved from the waiting list", "propose_change": "proposed a change to",
	"approve_change": "approved a change to", "reject_change": "turned down a change to",
	"check_in": "checked in", "check_in_synced": "checked in (offline, sent later)", "check_in_override": "admitted, with an override,", "print": "printed",
	"reprint_due": "marked for reprinting", "revoke": "revoked", "supersede": "replaced", "collect": "recorded the collection of",
	"assign": "assigned", "assign_focal": "named the focal point of", "carry_over": "carried over", "clone": "copied",
	"export": "exported the list of", "import": "imported", "purge": "erased the personal data of", "publish": "published",
	"schedule": "scheduled", "accept": "accepted", "decline": "declined", "counter": "proposed another time for",
	"cancel": "cancelled", "held": "marked as held", "move": "moved", "save": "saved",
	"sign_in": "signed in", "sign_out": "signed out", "sign_in_failed": "failed to sign in as",
	"sign_in_locked": "was locked out of", "second_factor_failed": "gave a wrong second-factor code for",
	"second_factor_on": "turned on two-step sign-in for", "second_factor_off": "turned off two-step sign-in for",
	"second_factor_reset": "reset two-step sign-in for", "recovery_code_used": "used a recovery code for",
	"password_reset_requested": "asked for a password reset of", "password_reset_sent": "sent a password reset link for",
	"password_reset": "reset the password of", "wal_scrub": "scrubbed",
}

// AuditActionCodes lists the actions the audit log names in words, sorted
// by those words: the choices of the log's action filter.
func AuditActionCodes() []string {
	out := make([]string, 0, len(auditActions))
	for code := range auditActions {
		out = append(out, code)
	}
	sort.Slice(out, func(i, j int) bool {
		if auditActions[out[i]] != auditActions[out[j]] {
			return auditActions[out[i]] < auditActions[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// AuditActionWords is an audit action as the verb of a sentence:
// "self_register" reads "registered through a personal link:". An action
// not listed reads as its words ("some_code" → "some code").
func AuditActionWords(action string) string {
	if w, ok := auditActions[action]; ok {
		return w
	}
	return strings.ReplaceAll(action, "_", " ")
}

// auditKinds are the records the audit log names, in words.
var auditKinds = map[string]string{
	"delegate": "person", "room_assignment": "room assignment", "travel_leg": "flight", "transfer_run": "transfer run",
	"transfer_passenger": "transfer passenger", "room_block": "room block", "room_hold": "room hold",
	"focal_invitation": "focal point invitation", "registration_link": "personal registration link",
	"calendar_feed": "calendar feed", "liaison_officer": "liaison officer", "programme_version": "programme version",
	"registration_settings": "registration settings", "focus_area": "focus area", "bilateral": "bilateral meeting",
	"user": "user account", "audit": "audit log", "holiday": "public holidays",
	"badge_holder": "badge holder", "holder_badge": "badge holder's badge", "badge_zones": "badge zones of meeting",
	"venue_notes": "venue notes of meeting", "seating_settings": "seating plan settings of meeting",
}

// AuditRecordKind is the kind of record an audit entity names, in words:
// "delegate" reads "person", "travel_leg" "flight".
func AuditRecordKind(entity string) string {
	if w, ok := auditKinds[entity]; ok {
		return w
	}
	return strings.ReplaceAll(entity, "_", " ")
}

// AuditFieldLabel is a stored column in words: "family_name" reads "Family
// name", "counterpart_id" "Counterpart", "starts_at" "Starts".
func AuditFieldLabel(field string) string {
	switch field {
	case "heads_plus":
		return "Heads plus"
	case "map_url":
		return "Map link"
	case "starts_at":
		return "Starts"
	case "ends_at":
		return "Ends"
	case "departs_at":
		return "Departs"
	case "arrives_at":
		return "Arrives"
	}
	f := strings.TrimSuffix(strings.TrimSuffix(field, "_id"), "_at")
	f = strings.ReplaceAll(f, "_", " ")
	if f == "" {
		return field
	}
	if c := f[0]; c >= 'a' && c <= 'z' {
		return string(rune(c-'a'+'A')) + f[1:]
	}
	r := []rune(f)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// AuditNames resolves a stored reference for display: the name of the
// record a field's value points to ("country_id", "12" → "Viet Nam"), and
// false when it does not know it.
type AuditNames func(field, value string) (string, bool)

// AuditChanges turns an audit summary into lines a person reads: each
// field's label with its value or its change, codes in words, times in loc
// with the zone named, and references to other records by name (names) or,
// when not known, without the bare id. A new record's empty fields are left
// out. A summary that is not a list of fields (free text) has its codes,
// ids and times put in words the same way.
func AuditChanges(summary string, loc *time.Location, names AuditNames) []string {
	if strings.TrimSpace(summary) == "" {
		return nil
	}
	fields, ok := parseAuditSummary(summary)
	if !ok {
		return []string{auditFreeText(summary, loc)}
	}
	var out []string
	for _, f := range fields {
		label := AuditFieldLabel(f.name)
		switch {
		case f.mark != "":
			out = append(out, label+": "+f.mark)
		case f.changed:
			from, to := auditValue(f.name, f.old, loc, names), auditValue(f.name, f.new, loc, names)
			if strings.HasSuffix(f.name, "_id") && (from == "" || to == "") && f.old != "" && f.new != "" {
				out = append(out, label+": changed")
				continue
			}
			out = append(out, label+": "+quoteOrNone(from)+" → "+quoteOrNone(to))
		case f.new == "" || f.new == "0" && strings.HasSuffix(f.name, "_id"):
			// an empty field of a new record says nothing
		default:
			v := auditValue(f.name, f.new, loc, names)
			if v == "" {
				continue
			}
			out = append(out, label+": "+quoteOrNone(v))
		}
	}
	return out
}

func quoteOrNone(v string) string {
	if v == "" {
		return "none"
	}
	return "“" + v + "”"
}

// auditValue is a stored value in words: a reference by its name ("" when
// unknown), a time in loc, a code ("heads_plus") as words.
func auditValue(field, v string, loc *time.Location, names AuditNames) string {
	if strings.HasSuffix(field, "_id") {
		if v == "" || v == "0" {
			return ""
		}
		if names != nil {
			if n, ok := names(field, v); ok {
				return n
			}
		}
		return ""
	}
	if startsWithDate(v) {
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return FormatInZone(t, loc, "2 Jan 2006 15:04")
		}
		if d, err := time.Parse(time.DateOnly, v); err == nil {
			return d.Format("2 Jan 2006")
		}
	}
	switch v {
	case "true":
		return "yes"
	case "false":
		return "no"
	}
	if isCode(v) {
		return strings.ReplaceAll(v, "_", " ")
	}
	return v
}

// isCode is true for a stored code: lower-case words joined by
// underscores ("heads_plus"; ^[a-z]+(_[a-z]+)+$ written out, as it is asked
// of every value of every row the audit log page shows).
func isCode(v string) bool {
	words, letters := 1, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= 'a' && c <= 'z':
			letters++
		case c == '_' && letters > 0:
			words, letters = words+1, 0
		default:
			return false
		}
	}
	return words > 1 && letters > 0
}

// startsWithDate is true when v starts as a date does (2025-02-25): only
// such a value is given to time.Parse, whose failure on every other value
// (an error built for each) was most of the audit log page's words.
func startsWithDate(v string) bool {
	if len(v) < len(time.DateOnly) || v[4] != '-' || v[7] != '-' {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9} {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

var (
	isoInText  = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)`)
	codeInText = regexp.MustCompile(`\b[a-z]+(_[a-z]+)+\b`)
	idInText   = regexp.MustCompile(`\b([a-z]+(?:_[a-z]+)*) #?(\d+)\b`)
)

// auditFreeText is a free-text summary with its times, codes and record
// ids in words.
func auditFreeText(s string, loc *time.Location) string {
	s = isoInText.ReplaceAllStringFunc(s, func(m string) string {
		if t, err := time.Parse(time.RFC3339Nano, m); err == nil {
			return FormatInZone(t, loc, "2 Jan 2006 15:04")
		}
		return m
	})
	s = idInText.ReplaceAllStringFunc(s, func(m string) string {
		word := idInText.FindStringSubmatch(m)[1]
		if _, known := auditKinds[word]; known || auditRecordWords[word] {
			return AuditRecordKind(word)
		}
		return m
	})
	return codeInText.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasSuffix(m, "_id") {
			return strings.ToLower(AuditFieldLabel(m))
		}
		return strings.ReplaceAll(m, "_", " ")
	})
}

// auditRecordWords are record words that, followed by a number, are a
// database id in a free-text summary ("change 1", "delegate 55").
var auditRecordWords = map[string]bool{"change": true, "delegation": true, "meeting": true, "session": true,
	"room": true, "venue": true, "badge": true, "run": true, "login": true}

// auditField is one field of a summary: a value (new record), a change
// (old → new), or a mark ("set", "changed", "empty") for sensitive fields.
type auditField struct {
	name, old, new, mark string
	changed              bool
}

// parseAuditSummary reads the summaries the store writes: fields separated
// by "; ", each `name: "value"`, `name: "old" → "new"` or `name: set`
// (values quoted the Go way). It reports false on anything else.
// unquote is strconv.Unquote of a quoted value strconv.QuotedPrefix found:
// a value without escapes is the text between its quotes, with nothing to
// copy (a page of the audit log unquotes hundreds).
func unquote(q string) string {
	if strings.IndexByte(q, '\\') < 0 && len(q) >= 2 && q[0] == '"' {
		return q[1 : len(q)-1]
	}
	v, _ := strconv.Unquote(q)
	return v
}

func parseAuditSummary(s string) ([]auditField, bool) {
	var out []auditField
	for s != "" {
		i := strings.Index(s, ": ")
		if i <= 0 || !isField(s[:i]) {
			return nil, false
		}
		f := auditField{name: s[:i]}
		s = s[i+2:]
		switch {
		case strings.HasPrefix(s, `"`):
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, false
			}
			f.new = unquote(q)
			s = s[len(q):]
			if strings.HasPrefix(s, " → ") {
				s = s[len(" → "):]
				q2, err := strconv.QuotedPrefix(s)
				if err != nil {
					return nil, false
				}
				f.old = f.new
				f.new = unquote(q2)
				f.changed = true
				s = s[len(q2):]
			}
		default:
			for _, m := range []string{"set", "changed", "empty"} {
				if strings.HasPrefix(s, m) {
					f.mark, s = m, s[len(m):]
					break
				}
			}
			if f.mark == "" {
				return nil, false
			}
		}
		out = append(out, f)
		if s == "" {
			break
		}
		if !strings.HasPrefix(s, "; ") {
			return nil, false
		}
		s = s[2:]
	}
	return out, len(out) > 0
}

func isField(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
