package convene

import (
	"reflect"
	"testing"
)

func accreditedMai() Registration {
	return Registration{Delegate: Delegate{ID: 7, Honorific: "Col.", GivenName: "Thị Mai", FamilyName: "Võ", FamilyNameFirst: true,
		Position: "Deputy Director", Role: RoleMember, Nationality: "VNM", PassportNumber: "C1234567",
		PassportExpiry: Date{2032, 4, 30}, Email: "mai@example.vn", Mobile: "+84 912 345 678", Dietary: "vegetarian",
		Status: RegAccredited}, DateOfBirth: Date{1980, 7, 15}}
}

// TestIdentityChanges splits an edit of an accredited person: identity
// fields become the pending change, in form order; the rest applies.
func TestIdentityChanges(t *testing.T) {
	approved := accreditedMai()
	edit := approved
	edit.FamilyName, edit.FamilyNameFirst, edit.Role = "Vũ", false, RoleAdviser
	edit.PassportExpiry, edit.DateOfBirth = Date{2033, 1, 1}, Date{1980, 7, 16}
	edit.Mobile, edit.Dietary, edit.Email = "+84 900 000 000", "halal", "mai.vu@example.vn"
	got := IdentityChanges(approved, edit)
	want := []FieldChange{{"family_name", "Võ", "Vũ"}, {"family_name_first", "true", "false"}, {"role", "delegate", "adviser"},
		{"passport_expiry", "2032-04-30", "2033-01-01"}, {"date_of_birth", "1980-07-15", "1980-07-16"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("changes:\n got %v\nwant %v", got, want)
	}
	applied := edit
	KeepIdentity(&applied, approved)
	if applied.FamilyName != "Võ" || !applied.FamilyNameFirst || applied.Role != RoleMember ||
		applied.PassportExpiry != approved.PassportExpiry || applied.DateOfBirth != approved.DateOfBirth {
		t.Errorf("identity not kept: %+v", applied)
	}
	if applied.Mobile != "+84 900 000 000" || applied.Dietary != "halal" || applied.Email != "mai.vu@example.vn" {
		t.Errorf("contact and needs not applied: %+v", applied)
	}
	back, err := ApplyChanges(applied, got)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, edit) {
		t.Errorf("applying the change does not give the edit back:\n got %+v\nwant %+v", back, edit)
	}
	if len(IdentityChanges(approved, approved)) != 0 {
		t.Error("no edit, yet changes")
	}
	if _, err := ApplyChanges(approved, []FieldChange{{Field: "email", After: "x@y.z"}}); ErrorCode(err) != EINVALID {
		t.Errorf("a change of a non-identity field applies: %v", err)
	}
}

func TestPendingChangeRules(t *testing.T) {
	name := PendingChange{Fields: []FieldChange{{"given_name", "Thị Mai", "Mai"}}}
	passport := PendingChange{Fields: []FieldChange{{"passport_number", "C1234567", "C7654321"}}}
	nationality := PendingChange{Fields: []FieldChange{{"nationality", "VNM", "LAO"}}}
	photo := PendingChange{Photo: true}
	for _, tt := range []struct {
		c       PendingChange
		reprint bool
		names   string
	}{
		{name, true, "Given name"},
		{passport, false, "Passport number"},
		{nationality, false, "Nationality"}, // not printed on the badge
		{photo, true, "Photo"},
		{PendingChange{Fields: []FieldChange{{"position", "a", "b"}, {"role", "delegate", "head"}}, Photo: true}, true, "Position, Role, Photo"},
	} {
		if got := tt.c.NeedsReprint(); got != tt.reprint {
			t.Errorf("%s: reprint %v, want %v", tt.names, got, tt.reprint)
		}
		if got := tt.c.FieldNames(); got != tt.names {
			t.Errorf("FieldNames %q, want %q", got, tt.names)
		}
	}
	if !name.Same(PendingChange{Fields: []FieldChange{{"given_name", "Thị Mai", "Mai"}}}) || name.Same(passport) || name.Same(photo) {
		t.Error("Same")
	}
	if (PendingChange{}).Empty() != true || photo.Empty() || name.Empty() {
		t.Error("Empty")
	}
	mai := accreditedMai()
	if name.Stale(mai) {
		t.Error("a change proposed against the approved data is stale")
	}
	mai.GivenName = "Mai Anh"
	if !name.Stale(mai) {
		t.Error("a change whose before no longer matches is not stale")
	}
}

func TestFieldDisplay(t *testing.T) {
	for _, tt := range []struct{ field, v, want string }{
		{"role", "head", "Head of Delegation"},
		{"family_name_first", "true", "Family name first"},
		{"family_name_first", "false", "Given name first"},
		{"badge_name", "", "(empty)"},
		{"given_name", "ສົມສັກ", "ສົມສັກ"},
	} {
		if got := FieldDisplay(tt.field, tt.v); got != tt.want {
			t.Errorf("FieldDisplay(%s, %q) = %q, want %q", tt.field, tt.v, got, tt.want)
		}
	}
}
