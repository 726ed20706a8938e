package convene

import (
	"fmt"
	"strings"
	"time"
)

// Outbox kinds: which notification a queued message is. The first group
// goes to the person the change is about, the focal_ and change_ kinds to
// their delegation's focal point, delegation_submitted and change_proposed
// to the secretariat (RecipientsOf in the store decides who that is).
const (
	MailLink       = "link"
	MailSubmitted  = "submitted"
	MailReturned   = "returned"
	MailAccredited = "accredited"
	MailRejected   = "rejected"
	MailInvitation = "invitation"

	MailFocalAccredited = "focal_accredited"
	MailFocalReturned   = "focal_returned"
	MailFocalRejected   = "focal_rejected"
	MailFocalPromoted   = "focal_promoted"
	MailChangeApproved  = "change_approved"
	MailChangeDeclined  = "change_declined"

	MailDelegationSubmitted = "delegation_submitted"
	MailChangeProposed      = "change_proposed"
)

// MailKinds are every kind of queued message. The store keeps the same list
// in its mail_kinds table (a migration adds a kind with one INSERT); a store
// test holds the two together.
var MailKinds = []string{MailLink, MailSubmitted, MailReturned, MailAccredited, MailRejected, MailInvitation,
	MailFocalAccredited, MailFocalReturned, MailFocalRejected, MailFocalPromoted, MailChangeApproved, MailChangeDeclined,
	MailDelegationSubmitted, MailChangeProposed, MailPasswordReset, MailPollReminder, MailPollConfirmed}

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

// Recipient is who a notification goes to: an address and, when known, a
// name to greet.
type Recipient struct {
	Email string
	Name  string
}

func (r Recipient) greeting() string {
	if r.Name == "" {
		return "Dear colleagues,"
	}
	return "Dear " + r.Name + ","
}

// MeetingLine names a meeting the way every notification does, with its
// dates and venue, because two meetings of a cycle often run on the same
// days at the same place: "ADSOM Working Group 2025 (25 February 2025,
// Shangri-La Rasa Sayang, Pulau Pinang)".
func MeetingLine(m Meeting) string {
	parts := []string{m.DatesLabel()}
	if m.VenueName != "" {
		parts = append(parts, m.VenueName)
	}
	if m.City != "" {
		parts = append(parts, m.City)
	}
	return m.Title + " (" + strings.Join(parts, ", ") + ")"
}

// StatusMail returns the message a step of the registration state machine
// sends to the person it moves, and false when the step sends none: the
// person has no e-mail address, or the step (withdrawal, promotion from the
// waiting list) is not one people are told about. m is the meeting; r is
// the registration after the step, with the reason the secretariat gave.
func StatusMail(m Meeting, r Registration, act RegAction) (Mail, bool) {
	if r.Email == "" {
		return Mail{}, false
	}
	out := Mail{To: r.Email}
	name, line := r.DisplayName(), MeetingLine(m)
	switch act {
	case ActAccredit:
		out.Kind, out.Subject = MailAccredited, m.Title+": you are accredited"
		out.Body = fmt.Sprintf("Dear %s,\n\nYour accreditation for %s is confirmed. Your badge will be ready at the accreditation desk.\n",
			name, line)
	case ActReturn:
		out.Kind, out.Subject = MailReturned, m.Title+": your registration needs a correction"
		out.Body = fmt.Sprintf("Dear %s,\n\nThe secretariat returned your registration for %s for correction:\n\n%s\n\nYour focal point will resubmit it.\n",
			name, line, r.StatusReason)
	case ActReject:
		out.Kind, out.Subject = MailRejected, m.Title+": your registration was not accepted"
		out.Body = fmt.Sprintf("Dear %s,\n\nThe secretariat could not accept your registration for %s:\n\n%s\n", name, line, r.StatusReason)
	case ActSubmit:
		out.Kind, out.Subject = MailSubmitted, m.Title+": your registration was submitted"
		out.Body = fmt.Sprintf("Dear %s,\n\nYour focal point submitted your registration for %s to the secretariat.\n", name, line)
	default:
		return Mail{}, false
	}
	return out, true
}

// RegistrationLinkMail returns the message that carries a person's personal
// registration link for meeting m, valid until expires, and false when the
// person has no e-mail address (the focal point then passes the link on).
func RegistrationLinkMail(m Meeting, r Registration, link string, expires time.Time) (Mail, bool) {
	if r.Email == "" {
		return Mail{}, false
	}
	host := ""
	if m.HostCountryName != "" {
		host = ", hosted by " + m.HostCountryName
	}
	return Mail{Kind: MailLink, To: r.Email, Subject: m.Title + ": please complete your registration",
		Body: fmt.Sprintf("Dear %s,\n\nYour national focal point has nominated you for %s%s. "+
			"Please complete your registration details at:\n\n%s\n\n"+
			"The link is personal and works until %s. You do not need an account.\n",
			r.DisplayName(), MeetingLine(m), host, link, expires.Format("2 January 2006"))}, true
}

// FocalInvitationMail returns the message that invites name, at address
// email, to act as focal point of country, with the single-use link valid
// until expires.
func FocalInvitationMail(email, name, country, link string, expires time.Time) Mail {
	return Mail{Kind: MailInvitation, To: email, Subject: "Your invitation to register " + country,
		Body: fmt.Sprintf("Dear %s,\n\nThe host's secretariat invites you to act as focal point of %s. Please set up "+
			"your account at:\n\n%s\n\nThe link works once, until %s.\n", name, country, link, expires.Format("2 January 2006"))}
}

// nameList prints people one a line, for a message.
func nameList(people []Registration) string {
	var b strings.Builder
	for _, p := range people {
		b.WriteString("- " + p.DisplayName() + "\n")
	}
	return b.String()
}

// FocalStatusMail returns the message that tells a delegation's focal point
// about a decision on their people (accredited, returned, rejected) or a
// promotion from the waiting list, with a link to the page concerned; false
// for a step the focal point is not told about (they took it themselves) or
// with nobody to tell. people share the step; a return or rejection names
// the secretariat's reason, which is the first person's.
func FocalStatusMail(m Meeting, to Recipient, people []Registration, act RegAction, link string) (Mail, bool) {
	if to.Email == "" || len(people) == 0 {
		return Mail{}, false
	}
	out := Mail{To: to.Email}
	who, line := people[0].DisplayName(), MeetingLine(m)
	if len(people) > 1 {
		who = fmt.Sprintf("%d people", len(people))
	}
	switch act {
	case ActAccredit:
		out.Kind, out.Subject = MailFocalAccredited, m.Title+": "+who+" accredited"
		out.Body = fmt.Sprintf("%s\n\nThe secretariat accredited for %s:\n\n%s\nBadges will be ready at the accreditation desk. "+
			"The registration is at:\n\n%s\n", to.greeting(), line, nameList(people), link)
	case ActReturn:
		out.Kind, out.Subject = MailFocalReturned, m.Title+": "+who+" returned for correction"
		out.Body = fmt.Sprintf("%s\n\nThe secretariat returned for correction the registration for %s of:\n\n%s\nThe reason:\n\n%s\n\n"+
			"Please correct it and submit it again at:\n\n%s\n", to.greeting(), line, nameList(people), people[0].StatusReason, link)
	case ActReject:
		out.Kind, out.Subject = MailFocalRejected, m.Title+": "+who+" not accepted"
		out.Body = fmt.Sprintf("%s\n\nThe secretariat could not accept the registration for %s of:\n\n%s\nThe reason:\n\n%s\n\n"+
			"The registration is at:\n\n%s\n", to.greeting(), line, nameList(people), people[0].StatusReason, link)
	case ActPromote:
		out.Kind, out.Subject = MailFocalPromoted, m.Title+": "+who+" now has a place"
		out.Body = fmt.Sprintf("%s\n\nA place in your delegation's quota for %s has freed up. From the waiting list, now nominated:\n\n%s\n"+
			"Please complete the registration and submit it at:\n\n%s\n", to.greeting(), line, nameList(people), link)
	default:
		return Mail{}, false
	}
	return out, true
}

// ChangeDecisionMail returns the message that tells a delegation's focal
// point that the secretariat approved or declined a change proposed for
// person r (a declined change carries its reason), with a link to the
// person's page.
func ChangeDecisionMail(m Meeting, to Recipient, r Registration, c PendingChange, link string) (Mail, bool) {
	if to.Email == "" {
		return Mail{}, false
	}
	out := Mail{To: to.Email}
	line := MeetingLine(m)
	switch c.Status {
	case ChangeApproved:
		badge := ""
		if c.NeedsReprint() {
			badge = " A new badge will be printed; the present one stays valid until then."
		}
		out.Kind, out.Subject = MailChangeApproved, m.Title+": change for "+r.DisplayName()+" approved"
		out.Body = fmt.Sprintf("%s\n\nThe secretariat approved the change to %s's registration for %s (%s).%s\n\n"+
			"The registration is at:\n\n%s\n", to.greeting(), r.DisplayName(), line, c.FieldNames(), badge, link)
	case ChangeDeclined:
		out.Kind, out.Subject = MailChangeDeclined, m.Title+": change for "+r.DisplayName()+" declined"
		out.Body = fmt.Sprintf("%s\n\nThe secretariat declined the change to %s's registration for %s (%s). The reason:\n\n%s\n\n"+
			"The accreditation stays on the approved details. The registration is at:\n\n%s\n",
			to.greeting(), r.DisplayName(), line, c.FieldNames(), c.Reason, link)
	default:
		return Mail{}, false
	}
	return out, true
}

// DelegationSubmittedMail returns the message that tells the secretariat
// that a delegation's focal point submitted n people, with a link to the
// accreditation queue.
func DelegationSubmittedMail(m Meeting, to Recipient, country string, n int, link string) Mail {
	people := "1 person"
	if n != 1 {
		people = fmt.Sprintf("%d people", n)
	}
	return Mail{Kind: MailDelegationSubmitted, To: to.Email, Subject: m.Title + ": " + country + " submitted " + people,
		Body: fmt.Sprintf("%s\n\nThe focal point of %s submitted %s for %s. They wait in the accreditation queue:\n\n%s\n",
			to.greeting(), country, people, MeetingLine(m), link)}
}

// ChangeProposedMail returns the message that tells the secretariat that a
// change to accredited person r waits for approval, with a link to the
// change. It names the fields, never their values: a passport number or a
// date of birth does not travel by e-mail.
func ChangeProposedMail(m Meeting, to Recipient, r Registration, c PendingChange, link string) Mail {
	return Mail{Kind: MailChangeProposed, To: to.Email, Subject: m.Title + ": change proposed for " + r.DisplayName(),
		Body: fmt.Sprintf("%s\n\nA change to %s (%s), accredited for %s, was proposed through the %s: %s.\n\n"+
			"It waits for your approval; until then the approved details stay on the badge and on every list:\n\n%s\n",
			to.greeting(), r.DisplayName(), r.Country.Name, MeetingLine(m), c.Via.Label(), c.FieldNames(), link)}
}
