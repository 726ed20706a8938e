package paths

import "strings"

// VisaRules is the table of which nationalities need a visa to enter the
// meeting's host country, by passport type.
func VisaRules(code string) string { return meeting(code, "visa-rules") }

// Letters is the secretariat's page of a meeting's letters: the templates,
// the invitation letters by delegation and every letter issued.
func Letters(code string) string { return meeting(code, "letters") }

// LetterTemplate is the form that edits a meeting's template of a kind
// ("visa" or "invitation").
func LetterTemplate(code, kind string) string { return Letters(code) + join("templates", kind) }

// LetterPreview shows a template filled with sample data.
func LetterPreview(code, kind string) string { return LetterTemplate(code, kind) + join("preview") }

// LetterPreviewFor shows a template filled with one person's approved data.
func LetterPreviewFor(code, kind string, delegateID int64) string {
	return query(LetterPreview(code, kind), "delegate", id(delegateID))
}

// Letter downloads an issued letter's PDF.
func Letter(code string, letterID int64) string { return Letters(code) + join(id(letterID)) }

// DelegateLetters lists a person's visa-support letters; a POST issues one.
func DelegateLetters(code string, delegateID int64) string {
	return Person(code, delegateID) + join("letters")
}

// InvitationLetter issues a delegation's invitation letter (POST).
func InvitationLetter(code, iso3 string) string {
	return meeting(code, "delegations", strings.ToLower(iso3), "invitation-letter")
}

// PreNotificationXLSX is the list of accredited people and their travel
// documents and flights for the host's security and immigration
// authorities.
func PreNotificationXLSX(code string) string { return meeting(code, "pre-notification.xlsx") }
