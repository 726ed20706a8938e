package convene

import (
	"strings"
	"testing"
	"time"
)

// wg is the meeting the mail tests name: one of two meetings held on the
// same days at the same place, so its name, dates and venue must all show.
var wg = Meeting{Title: "ADSOM Working Group 2025", StartDate: Date{2025, 2, 25}, EndDate: Date{2025, 2, 25},
	DatePrecision: PrecisionDay, VenueName: "Shangri-La Rasa Sayang", City: "Pulau Pinang", HostCountryName: "Malaysia"}

const wgLine = "ADSOM Working Group 2025 (25 February 2025, Shangri-La Rasa Sayang, Pulau Pinang)"

func TestMeetingLine(t *testing.T) {
	for _, tt := range []struct {
		m    Meeting
		want string
	}{
		{wg, wgLine},
		{Meeting{Title: "ADMM 2025", StartDate: Date{2025, 11, 1}, EndDate: Date{2025, 11, 30}, DatePrecision: PrecisionMonth,
			City: "Kuala Lumpur"}, "ADMM 2025 (November 2025 (dates to be confirmed), Kuala Lumpur)"},
		{Meeting{Title: "ADSOM 2025", StartDate: Date{2025, 9, 10}, EndDate: Date{2025, 9, 11}, DatePrecision: PrecisionDay},
			"ADSOM 2025 (10–11 September 2025)"},
	} {
		if got := MeetingLine(tt.m); got != tt.want {
			t.Errorf("MeetingLine = %q, want %q", got, tt.want)
		}
	}
}

// TestStatusMail pins which step of the state machine tells the person, and
// the exact text: the outbox stores these bytes and people receive them.
func TestStatusMail(t *testing.T) {
	mai := Registration{Delegate: Delegate{Honorific: "Col.", GivenName: "Thị Mai", FamilyName: "Võ", FamilyNameFirst: true,
		Email: "mai.vo@mod.example.vn"}, StatusReason: "Renew the passport, please."}
	tests := []struct {
		act                 RegAction
		kind, subject, body string
	}{
		{ActAccredit, MailAccredited, "ADSOM Working Group 2025: you are accredited",
			"Dear Col. Võ Thị Mai,\n\nYour accreditation for " + wgLine + " is confirmed. Your badge will be ready at the accreditation desk.\n"},
		{ActReturn, MailReturned, "ADSOM Working Group 2025: your registration needs a correction",
			"Dear Col. Võ Thị Mai,\n\nThe secretariat returned your registration for " + wgLine +
				" for correction:\n\nRenew the passport, please.\n\nYour focal point will resubmit it.\n"},
		{ActReject, MailRejected, "ADSOM Working Group 2025: your registration was not accepted",
			"Dear Col. Võ Thị Mai,\n\nThe secretariat could not accept your registration for " + wgLine + ":\n\nRenew the passport, please.\n"},
		{ActSubmit, MailSubmitted, "ADSOM Working Group 2025: your registration was submitted",
			"Dear Col. Võ Thị Mai,\n\nYour focal point submitted your registration for " + wgLine + " to the secretariat.\n"},
	}
	for _, tt := range tests {
		m, ok := StatusMail(wg, mai, tt.act)
		if !ok || m != (Mail{Kind: tt.kind, To: "mai.vo@mod.example.vn", Subject: tt.subject, Body: tt.body}) {
			t.Errorf("%s: %v %#v", tt.act, ok, m)
		}
	}
	for _, act := range []RegAction{ActWithdraw, ActPromote} {
		if m, ok := StatusMail(wg, mai, act); ok {
			t.Errorf("%s sends %#v; nobody is told about it", act, m)
		}
	}
	noAddress := mai
	noAddress.Email = ""
	for _, tt := range tests {
		if m, ok := StatusMail(wg, noAddress, tt.act); ok {
			t.Errorf("%s without an address sends %#v", tt.act, m)
		}
	}
}

func TestRegistrationLinkMail(t *testing.T) {
	r := Registration{Delegate: Delegate{GivenName: "สมชาย", FamilyName: "ใจดี", Email: "somchai@example.org"}}
	expires := time.Date(2025, 2, 3, 23, 59, 0, 0, time.UTC)
	m, ok := RegistrationLinkMail(wg, r, "https://convene.example/register/TOKEN", expires)
	want := Mail{Kind: MailLink, To: "somchai@example.org", Subject: "ADSOM Working Group 2025: please complete your registration",
		Body: "Dear สมชาย ใจดี,\n\nYour national focal point has nominated you for " + wgLine + ", hosted by Malaysia. " +
			"Please complete your registration details at:\n\n" +
			"https://convene.example/register/TOKEN\n\nThe link is personal and works until 3 February 2025. " +
			"You do not need an account.\n"}
	if !ok || m != want {
		t.Errorf("got %v %#v\nwant %#v", ok, m, want)
	}
	r.Email = ""
	if m, ok := RegistrationLinkMail(wg, r, "https://convene.example/register/TOKEN", expires); ok {
		t.Errorf("no address, yet %#v", m)
	}
}

func TestFocalInvitationMail(t *testing.T) {
	m := FocalInvitationMail("ana@example.tl", "Ana", "Timor-Leste", "https://convene.example/invitation/TOKEN",
		time.Date(2025, 1, 27, 3, 0, 0, 0, time.UTC))
	want := Mail{Kind: MailInvitation, To: "ana@example.tl", Subject: "Your invitation to register Timor-Leste",
		Body: "Dear Ana,\n\nThe host's secretariat invites you to act as focal point of Timor-Leste. Please set up " +
			"your account at:\n\nhttps://convene.example/invitation/TOKEN\n\nThe link works once, until 27 January 2025.\n"}
	if m != want {
		t.Errorf("got %#v\nwant %#v", m, want)
	}
}

// TestFocalStatusMail pins the messages a focal point gets about their
// people: each names the meeting with its dates and venue, the people, the
// reason where there is one, and links to the page concerned.
func TestFocalStatusMail(t *testing.T) {
	focal := Recipient{Email: "focal.vnm@example.vn", Name: "Lê Văn Hùng"}
	mai := Registration{Delegate: Delegate{Honorific: "Col.", GivenName: "Thị Mai", FamilyName: "Võ", FamilyNameFirst: true},
		StatusReason: "Renew the passport, please."}
	binh := Registration{Delegate: Delegate{GivenName: "Quốc Bình", FamilyName: "Trần", FamilyNameFirst: true}}
	const link = "https://convene.example/meetings/adsom-wg-2025/delegates/7"
	tests := []struct {
		act                 RegAction
		people              []Registration
		kind, subject, body string
	}{
		{ActAccredit, []Registration{mai}, MailFocalAccredited, "ADSOM Working Group 2025: Col. Võ Thị Mai accredited",
			"Dear Lê Văn Hùng,\n\nThe secretariat accredited for " + wgLine + ":\n\n- Col. Võ Thị Mai\n\n" +
				"Badges will be ready at the accreditation desk. The registration is at:\n\n" + link + "\n"},
		{ActAccredit, []Registration{mai, binh}, MailFocalAccredited, "ADSOM Working Group 2025: 2 people accredited",
			"Dear Lê Văn Hùng,\n\nThe secretariat accredited for " + wgLine + ":\n\n- Col. Võ Thị Mai\n- Trần Quốc Bình\n\n" +
				"Badges will be ready at the accreditation desk. The registration is at:\n\n" + link + "\n"},
		{ActReturn, []Registration{mai}, MailFocalReturned, "ADSOM Working Group 2025: Col. Võ Thị Mai returned for correction",
			"Dear Lê Văn Hùng,\n\nThe secretariat returned for correction the registration for " + wgLine + " of:\n\n" +
				"- Col. Võ Thị Mai\n\nThe reason:\n\nRenew the passport, please.\n\nPlease correct it and submit it again at:\n\n" + link + "\n"},
		{ActReject, []Registration{mai}, MailFocalRejected, "ADSOM Working Group 2025: Col. Võ Thị Mai not accepted",
			"Dear Lê Văn Hùng,\n\nThe secretariat could not accept the registration for " + wgLine + " of:\n\n" +
				"- Col. Võ Thị Mai\n\nThe reason:\n\nRenew the passport, please.\n\nThe registration is at:\n\n" + link + "\n"},
		{ActPromote, []Registration{binh}, MailFocalPromoted, "ADSOM Working Group 2025: Trần Quốc Bình now has a place",
			"Dear Lê Văn Hùng,\n\nA place in your delegation's quota for " + wgLine + " has freed up. From the waiting list, now nominated:\n\n" +
				"- Trần Quốc Bình\n\nPlease complete the registration and submit it at:\n\n" + link + "\n"},
	}
	for _, tt := range tests {
		m, ok := FocalStatusMail(wg, focal, tt.people, tt.act, link)
		if want := (Mail{Kind: tt.kind, To: focal.Email, Subject: tt.subject, Body: tt.body}); !ok || m != want {
			t.Errorf("%s: %v\n got %#v\nwant %#v", tt.act, ok, m, want)
		}
	}
	for _, act := range []RegAction{ActSubmit, ActWithdraw} {
		if m, ok := FocalStatusMail(wg, focal, []Registration{mai}, act, link); ok {
			t.Errorf("%s: the focal point took the step, yet is told %#v", act, m)
		}
	}
	if m, ok := FocalStatusMail(wg, Recipient{}, []Registration{mai}, ActAccredit, link); ok {
		t.Errorf("a delegation without a focal point sends %#v", m)
	}
}

func TestChangeMails(t *testing.T) {
	focal := Recipient{Email: "focal.vnm@example.vn", Name: "Lê Văn Hùng"}
	mai := Registration{Delegate: Delegate{Honorific: "Col.", GivenName: "Thị Mai", FamilyName: "Võ", FamilyNameFirst: true,
		Country: Country{Name: "Viet Nam"}}}
	change := PendingChange{Via: ViaLink, Fields: []FieldChange{{Field: "family_name", Before: "Võ", After: "Vũ"},
		{Field: "passport_number", Before: "C1234567", After: "C7654321"}}}
	const link = "https://convene.example/x"

	approved := change
	approved.Status = ChangeApproved
	m, ok := ChangeDecisionMail(wg, focal, mai, approved, link)
	want := Mail{Kind: MailChangeApproved, To: focal.Email, Subject: "ADSOM Working Group 2025: change for Col. Võ Thị Mai approved",
		Body: "Dear Lê Văn Hùng,\n\nThe secretariat approved the change to Col. Võ Thị Mai's registration for " + wgLine +
			" (Family name, Passport number). A new badge will be printed; the present one stays valid until then.\n\n" +
			"The registration is at:\n\n" + link + "\n"}
	if !ok || m != want {
		t.Errorf("approved:\n got %#v\nwant %#v", m, want)
	}
	declined := change
	declined.Status, declined.Reason, declined.Fields = ChangeDeclined, "The passport scan shows Võ.", change.Fields[:1]
	m, ok = ChangeDecisionMail(wg, focal, mai, declined, link)
	want = Mail{Kind: MailChangeDeclined, To: focal.Email, Subject: "ADSOM Working Group 2025: change for Col. Võ Thị Mai declined",
		Body: "Dear Lê Văn Hùng,\n\nThe secretariat declined the change to Col. Võ Thị Mai's registration for " + wgLine +
			" (Family name). The reason:\n\nThe passport scan shows Võ.\n\nThe accreditation stays on the approved details. " +
			"The registration is at:\n\n" + link + "\n"}
	if !ok || m != want {
		t.Errorf("declined:\n got %#v\nwant %#v", m, want)
	}
	if m, ok := ChangeDecisionMail(wg, focal, mai, change, link); ok {
		t.Errorf("an undecided change sends %#v", m)
	}

	proposed := ChangeProposedMail(wg, Recipient{Email: "secretariat@mod.example.my"}, mai, change, link)
	want = Mail{Kind: MailChangeProposed, To: "secretariat@mod.example.my",
		Subject: "ADSOM Working Group 2025: change proposed for Col. Võ Thị Mai",
		Body: "Dear colleagues,\n\nA change to Col. Võ Thị Mai (Viet Nam), accredited for " + wgLine +
			", was proposed through the person's own personal link: Family name, Passport number.\n\n" +
			"It waits for your approval; until then the approved details stay on the badge and on every list:\n\n" + link + "\n"}
	if proposed != want {
		t.Errorf("proposed:\n got %#v\nwant %#v", proposed, want)
	}
	if strings.Contains(proposed.Body, "C7654321") || strings.Contains(proposed.Body, "Vũ") {
		t.Error("the proposal's values travel by e-mail")
	}

	sub := DelegationSubmittedMail(wg, Recipient{Email: "staff@mod.example.my", Name: "Nor Aini"}, "Viet Nam", 3, link)
	want = Mail{Kind: MailDelegationSubmitted, To: "staff@mod.example.my", Subject: "ADSOM Working Group 2025: Viet Nam submitted 3 people",
		Body: "Dear Nor Aini,\n\nThe focal point of Viet Nam submitted 3 people for " + wgLine +
			". They wait in the accreditation queue:\n\n" + link + "\n"}
	if sub != want {
		t.Errorf("submitted:\n got %#v\nwant %#v", sub, want)
	}
	if one := DelegationSubmittedMail(wg, Recipient{Email: "a@b.c"}, "Viet Nam", 1, link); !strings.Contains(one.Subject, "1 person") {
		t.Errorf("one person: %q", one.Subject)
	}
}
