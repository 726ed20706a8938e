package convene

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// MinPasswordLength is the shortest password an account may have. Length is
// what matters against guessing; Convene adds no composition rules (NIST 800-63B).
const MinPasswordLength = 10

// User is an account that can sign in.
type User struct {
	ID           int64
	Email        string // stored in lower case; unique
	Name         string
	Role         Role
	CountryID    int64 // focal points: the country they act for
	DelegateID   int64 // delegates: their own record
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
	// AuthVersion changes whenever the password or role changes; a login made
	// under an older version is no longer accepted.
	AuthVersion int64
	// TOTPSecret is the authenticator secret, encrypted by the web layer with
	// a key the database does not hold; "" when the second factor is off.
	TOTPSecret string
	// TOTPLastStep is the last 30-second step whose code was accepted: a
	// code is never accepted twice.
	TOTPLastStep int64
}

// NormalizeEmail trims and lower-cases an address so that lookups match
// however the user typed it.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail reports whether s looks like a plain e-mail address (no display
// name, one @, a dot in the domain).
func ValidEmail(s string) bool {
	if s == "" || len(s) > 254 || strings.ContainsAny(s, " \r\n<>") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".")
}

// Validate checks the fields an administrator sets on an account.
func (u *User) Validate() error {
	p := Problems{}
	u.Email = NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	if !ValidEmail(u.Email) {
		p.Add("email", "Enter an e-mail address such as name@example.org.")
	}
	if u.Name == "" {
		p.Add("name", "Enter the person's name.")
	} else if utf8.RuneCountInString(u.Name) > 200 {
		p.Add("name", "The name is longer than 200 characters.")
	}
	if !u.Role.Valid() {
		p.Add("role", "Choose a role.")
	}
	if u.Role == RoleFocal && u.CountryID == 0 {
		p.Add("country", "A focal point acts for one country: choose it.")
	}
	if u.Role != RoleFocal && u.Role != RoleDelegate && u.CountryID != 0 {
		p.Add("country", "Only focal points and delegates belong to a country.")
	}
	return p.Err()
}

// ValidatePassword checks a new password.
func ValidatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return &Error{Code: EINVALID, Message: "The password is too short.",
			Fields: map[string]string{"password": "Use at least 10 characters."}}
	}
	if len(pw) > 1024 {
		// #nosec G101 -- a validation message, not a credential.
		return &Error{Code: EINVALID, Message: "The password is too long.",
			Fields: map[string]string{"password": "Use at most 1024 characters."}}
	}
	return nil
}

// Login is the server-side record of a signed-in browser.
type Login struct {
	ID          int64
	UserID      int64
	AuthVersion int64
	CreatedAt   time.Time
	LastSeenAt  time.Time
	// SecondFactor says the sign-in passed a second factor; where one is
	// required, a login without it is not honoured.
	SecondFactor bool
}

// UserFilter selects accounts.
type UserFilter struct {
	Role   Role
	Search string
	Offset int
	Limit  int
}

// UserUpdate holds the account fields an administrator may change; nil
// fields stay as they are.
type UserUpdate struct {
	Name      *string
	Role      *Role
	CountryID *int64
	Disabled  *bool
}
