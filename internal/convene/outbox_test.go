package convene

import (
	"testing"
	"time"
)

// TestStatusMail pins which step of the state machine tells the person, and
// the exact text: the outbox stores these bytes and people receive them.
func TestStatusMail(t *testing.T) {
	mai := Registration{Delegate: Delegate{Honorific: "Col.", GivenName: "Thị Mai", FamilyName: "Võ", FamilyNameFirst: true,
		Email: "mai.vo@mod.example.vn"}, StatusReason: "Renew the passport, please."}
	tests := []struct {
		act                 RegAction
		kind, subject, body string
	}{
		{ActAccredit, MailAccredited, "You are accredited",
			"Dear Col. Võ Thị Mai,\n\nYour accreditation is confirmed. Your badge will be ready at the accreditation desk.\n"},
		{ActReturn, MailReturned, "Your registration needs a correction",
			"Dear Col. Võ Thị Mai,\n\nThe secretariat returned your registration for correction:\n\nRenew the passport, please.\n\nYour focal point will resubmit it.\n"},
		{ActReject, MailRejected, "Your registration was not accepted",
			"Dear Col. Võ Thị Mai,\n\nThe secretariat could not accept your registration:\n\nRenew the passport, please.\n"},
		{ActSubmit, MailSubmitted, "Your registration was submitted",
			"Dear Col. Võ Thị Mai,\n\nYour focal point submitted your registration to the secretariat.\n"},
	}
	for _, tt := range tests {
		m, ok := StatusMail(mai, tt.act)
		if !ok || m != (Mail{Kind: tt.kind, To: "mai.vo@mod.example.vn", Subject: tt.subject, Body: tt.body}) {
			t.Errorf("%s: %v %#v", tt.act, ok, m)
		}
	}
	for _, act := range []RegAction{ActWithdraw, ActPromote, ActReview} {
		if m, ok := StatusMail(mai, act); ok {
			t.Errorf("%s sends %#v; nobody is told about it", act, m)
		}
	}
	noAddress := mai
	noAddress.Email = ""
	for _, tt := range tests {
		if m, ok := StatusMail(noAddress, tt.act); ok {
			t.Errorf("%s without an address sends %#v", tt.act, m)
		}
	}
}

func TestRegistrationLinkMail(t *testing.T) {
	r := Registration{Delegate: Delegate{GivenName: "สมชาย", FamilyName: "ใจดี", Email: "somchai@example.org"}}
	expires := time.Date(2025, 2, 3, 23, 59, 0, 0, time.UTC)
	m, ok := RegistrationLinkMail(r, "https://convene.example/register/TOKEN", expires)
	want := Mail{Kind: MailLink, To: "somchai@example.org", Subject: "Please complete your registration",
		Body: "Dear สมชาย ใจดี,\n\nYour national focal point has nominated you for a meeting hosted by the " +
			"Ministry of Defence Malaysia. Please complete your registration details at:\n\n" +
			"https://convene.example/register/TOKEN\n\nThe link is personal and works until 3 February 2025. " +
			"You do not need an account.\n"}
	if !ok || m != want {
		t.Errorf("got %v %#v\nwant %#v", ok, m, want)
	}
	r.Email = ""
	if m, ok := RegistrationLinkMail(r, "https://convene.example/register/TOKEN", expires); ok {
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
