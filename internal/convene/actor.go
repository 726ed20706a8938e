package convene

import "context"

// Role is what a signed-in user is allowed to do, decided by Policy.
type Role string

// The roles of Convene. RoleAnonymous is nobody signed in.
const (
	RoleAnonymous Role = ""
	RoleAdmin     Role = "admin"     // secretariat administrator: everything, including users
	RoleOfficer   Role = "officer"   // secretariat officer: runs meetings, delegations, logistics
	RoleOrganiser Role = "organiser" // organiser: reads and prints; sees no passport or medical data
	RoleFocal     Role = "focal"     // national focal point: their own country's delegations only
	RoleDelegate  Role = "delegate"  // delegate: their own record only
)

// Roles lists every role a user account can hold, most powerful first.
var Roles = []Role{RoleAdmin, RoleOfficer, RoleOrganiser, RoleFocal, RoleDelegate}

// Label is the role's name as people in a secretariat say it.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Secretariat administrator"
	case RoleOfficer:
		return "Secretariat officer"
	case RoleOrganiser:
		return "Organiser"
	case RoleFocal:
		return "Focal point"
	case RoleDelegate:
		return "Delegate"
	case RoleAnonymous:
		return "Visitor"
	}
	return string(r)
}

// Valid reports whether r is a role an account can hold.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// IsSecretariat reports whether the role belongs to the host's secretariat,
// who may see and change every delegation's data.
func (r Role) IsSecretariat() bool { return r == RoleAdmin || r == RoleOfficer }

// Actor is who is doing something: the signed-in user (or nobody) and the
// client address the request came from. Store methods read it from the
// context to scope queries and to write the audit log.
type Actor struct {
	UserID     int64
	Name       string
	Email      string
	Role       Role
	CountryID  int64  // set for focal points: the one country they act for
	DelegateID int64  // set for delegates: their own record
	ClientAddr string // the client's address as the web layer established it
}

// SignedIn reports whether the actor is a signed-in user.
func (a Actor) SignedIn() bool { return a.UserID != 0 }

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor carried by ctx, or the anonymous actor.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}
