package convene

import (
	"fmt"
	"time"
)

// Outbox kinds: which notification a queued message is.
const (
	MailLink       = "link"
	MailSubmitted  = "submitted"
	MailReturned   = "returned"
	MailAccredited = "accredited"
	MailRejected   = "rejected"
	MailInvitation = "invitation"
)

// OutboxMessage is one queued e-mail.
type OutboxMessage struct {
	ID            int64
	MeetingID     int64
	DelegateID    int64
	Kind          string
	To            string
	Subject       string
	Body          string
	CreatedAt     time.Time
	Attempts      int
	NextAttemptAt time.Time
	SentAt        time.Time
	LastError     string
}

// Mail is one notification as the rules below decide it: its kind, its
// recipient and its text. The store queues it in the transaction of the
// change it reports and decides nothing about it.
type Mail struct {
	Kind    string
	To      string
	Subject string
	Body    string
}

// StatusMail returns the message a step of the registration state machine
// sends to the person it moves, and false when the step sends none: the
// person has no e-mail address, or the step (withdrawal, promotion from the
// waiting list, a review after an edit) is not one people are told about.
// r is the registration after the step, with the reason the secretariat gave.
func StatusMail(r Registration, act RegAction) (Mail, bool) {
	if r.Email == "" {
		return Mail{}, false
	}
	m := Mail{To: r.Email}
	switch act {
	case ActAccredit:
		m.Kind, m.Subject = MailAccredited, "You are accredited"
		m.Body = fmt.Sprintf("Dear %s,\n\nYour accreditation is confirmed. Your badge will be ready at the accreditation desk.\n", r.DisplayName())
	case ActReturn:
		m.Kind, m.Subject = MailReturned, "Your registration needs a correction"
		m.Body = fmt.Sprintf("Dear %s,\n\nThe secretariat returned your registration for correction:\n\n%s\n\nYour focal point will resubmit it.\n",
			r.DisplayName(), r.StatusReason)
	case ActReject:
		m.Kind, m.Subject = MailRejected, "Your registration was not accepted"
		m.Body = fmt.Sprintf("Dear %s,\n\nThe secretariat could not accept your registration:\n\n%s\n", r.DisplayName(), r.StatusReason)
	case ActSubmit:
		m.Kind, m.Subject = MailSubmitted, "Your registration was submitted"
		m.Body = fmt.Sprintf("Dear %s,\n\nYour focal point submitted your registration to the secretariat.\n", r.DisplayName())
	default:
		return Mail{}, false
	}
	return m, true
}

// RegistrationLinkMail returns the message that carries a person's personal
// registration link, valid until expires, and false when the person has no
// e-mail address (the focal point then passes the link on).
func RegistrationLinkMail(r Registration, link string, expires time.Time) (Mail, bool) {
	if r.Email == "" {
		return Mail{}, false
	}
	return Mail{Kind: MailLink, To: r.Email, Subject: "Please complete your registration",
		Body: fmt.Sprintf("Dear %s,\n\nYour national focal point has nominated you for a meeting hosted by the "+
			"Ministry of Defence Malaysia. Please complete your registration details at:\n\n%s\n\n"+
			"The link is personal and works until %s. You do not need an account.\n",
			r.DisplayName(), link, expires.Format("2 January 2006"))}, true
}

// FocalInvitationMail returns the message that invites name, at address
// email, to act as focal point of country, with the single-use link valid
// until expires.
func FocalInvitationMail(email, name, country, link string, expires time.Time) Mail {
	return Mail{Kind: MailInvitation, To: email, Subject: "Your invitation to register " + country,
		Body: fmt.Sprintf("Dear %s,\n\nThe host's secretariat invites you to act as focal point of %s. Please set up "+
			"your account at:\n\n%s\n\nThe link works once, until %s.\n", name, country, link, expires.Format("2 January 2006"))}
}
