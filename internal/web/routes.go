package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
)

// route is one entry of the route table: every route declares the one
// permission that guards it, so the access test can walk them all, and has
// a name: the name of the function of internal/paths that builds its path
// (TestPathsResolveToTheirRoutes holds the two together). A GET form and the
// POST that saves it share their path, so they share the name.
type route struct {
	name      string
	method    string
	path      string
	perm      convene.Permission
	handler   echo.HandlerFunc
	bodyLimit int64 // 0 means Config.BodyLimit
	// cookieless routes read no cookie at all: no sign-in, no state
	// (static files: the same bytes for everyone).
	cookieless bool
	// public pages are cached for visitors (public_cache.go): the bytes a
	// visitor sees are kept in memory by the public version and carry an
	// ETag; anyone signed in gets them rendered and private.
	public bool
	// tooLarge, when set, answers a body over the limit instead of the
	// error page: it re-renders the route's form with the message next to
	// the field (see too_large.go). It reads and renders only.
	tooLarge echo.HandlerFunc
}

// RouteInfo describes a registered route for tests and documentation.
type RouteInfo struct {
	Name       string
	Method     string
	Path       string
	Permission convene.Permission
	// Public routes keep their pages for visitors (public_cache.go).
	Public bool
}

// routeTable is every route Convene serves. Nothing else registers routes.
func (s *Server) routeTable() []route {
	const get, post = http.MethodGet, http.MethodPost
	return []route{
		{name: "Home", method: get, path: "/", perm: convene.PermPublic, handler: s.handleHome, public: true},
		{name: "Healthz", method: get, path: "/healthz", perm: convene.PermPublic, handler: s.handleHealthz},
		{name: "Static", method: get, path: "/static/*", perm: convene.PermPublic, handler: s.handleStatic, cookieless: true},

		{name: "SignIn", method: get, path: "/sign-in", perm: convene.PermSignIn, handler: s.handleSignInForm},
		{name: "SignIn", method: post, path: "/sign-in", perm: convene.PermSignIn, handler: s.handleSignIn},
		{name: "SignOut", method: post, path: "/sign-out", perm: convene.PermSignedIn, handler: s.handleSignOut},
		{name: "Account", method: get, path: "/account", perm: convene.PermSignedIn, handler: s.handleAccount},
		{name: "AccountPassword", method: post, path: "/account/password", perm: convene.PermSignedIn, handler: s.handleAccountPassword},

		// Accounts: second factor and password reset (issue 22).
		{name: "SignInCode", method: get, path: "/sign-in/code", perm: convene.PermSignIn, handler: s.handleSignInCodeForm},
		{name: "SignInCode", method: post, path: "/sign-in/code", perm: convene.PermSignIn, handler: s.handleSignInCode},
		{name: "SignInEnrol", method: get, path: "/sign-in/enrol", perm: convene.PermSignIn, handler: s.handleSignInEnrolForm},
		{name: "SignInEnrol", method: post, path: "/sign-in/enrol", perm: convene.PermSignIn, handler: s.handleSignInEnrol},
		{name: "PasswordForgot", method: get, path: "/password/forgot", perm: convene.PermSignIn, handler: s.handlePasswordForgotForm},
		{name: "PasswordForgot", method: post, path: "/password/forgot", perm: convene.PermSignIn, handler: s.handlePasswordForgot},
		{name: "PasswordReset", method: get, path: "/password/reset/:token", perm: convene.PermSignIn, handler: s.handlePasswordResetForm},
		{name: "PasswordReset", method: post, path: "/password/reset/:token", perm: convene.PermSignIn, handler: s.handlePasswordReset},
		{name: "AccountTwoFactor", method: get, path: "/account/two-factor", perm: convene.PermSignedIn, handler: s.handleAccountTwoFactor},
		{name: "AccountTwoFactor", method: post, path: "/account/two-factor", perm: convene.PermSignedIn, handler: s.handleAccountTwoFactorOn},
		{name: "AccountTwoFactorOff", method: post, path: "/account/two-factor/off", perm: convene.PermSignedIn, handler: s.handleAccountTwoFactorOff},
		{name: "UserTwoFactorReset", method: post, path: "/admin/users/:id/two-factor/reset", perm: convene.PermManageUsers, handler: s.handleUserTwoFactorReset},
		{name: "UserPasswordReset", method: post, path: "/admin/users/:id/password-reset", perm: convene.PermManageUsers, handler: s.handleUserPasswordReset},

		{name: "Meeting", method: get, path: "/meetings/:code", perm: convene.PermPublic, handler: s.handleMeeting, public: true},

		{name: "Audit", method: get, path: "/audit", perm: convene.PermViewAudit, handler: s.handleAudit},
		{name: "Users", method: get, path: "/admin/users", perm: convene.PermManageUsers, handler: s.handleUsers},
		{name: "UserNew", method: get, path: "/admin/users/new", perm: convene.PermManageUsers, handler: s.handleUserNewForm},
		{name: "UserNew", method: post, path: "/admin/users/new", perm: convene.PermManageUsers, handler: s.handleUserCreate},
		{name: "User", method: get, path: "/admin/users/:id", perm: convene.PermManageUsers, handler: s.handleUserEditForm},
		{name: "User", method: post, path: "/admin/users/:id", perm: convene.PermManageUsers, handler: s.handleUserUpdate},
		{name: "Replication", method: get, path: "/admin/replication", perm: convene.PermManageUsers, handler: s.handleReplication},
		{name: "Replication", method: post, path: "/admin/replication", perm: convene.PermManageUsers, handler: s.handleReplicationSync},

		// Meetings, programme and scheduling.
		{name: "ProgrammePublish", method: post, path: "/meetings/:code/programme/publish", perm: convene.PermManageMeetings, handler: s.handlePublishProgramme},
		{name: "Holidays", method: get, path: "/holidays", perm: convene.PermManageMeetings, handler: s.handleHolidays},
		{name: "Holidays", method: post, path: "/holidays", perm: convene.PermManageMeetings, handler: s.handleHolidaysImport},
		{name: "Planner", method: get, path: "/meetings/:code/planner", perm: convene.PermManageMeetings, handler: s.handlePlanner},
		{name: "Planner", method: post, path: "/meetings/:code/planner", perm: convene.PermManageMeetings, handler: s.handlePlannerConfirm},
		{name: "ProgrammeICS", method: get, path: "/meetings/:code/programme.ics", perm: convene.PermPublic, handler: s.handleProgrammeICS, public: true},
		{name: "Feed", method: get, path: "/feeds/:token", perm: convene.PermPublic, handler: s.handleFeed},
		{name: "CalendarFeed", method: get, path: "/account/calendar", perm: convene.PermSignedIn, handler: s.handleCalendarFeedPage},
		{name: "CalendarFeed", method: post, path: "/account/calendar", perm: convene.PermSignedIn, handler: s.handleCalendarFeedCreate},
		{name: "CalendarFeedRevoke", method: get, path: "/account/calendar/revoke", perm: convene.PermSignedIn, handler: s.confirmPage(s.askCalendarFeedRevoke)},
		{name: "CalendarFeedRevoke", method: post, path: "/account/calendar/revoke", perm: convene.PermSignedIn, handler: confirmed(s.askCalendarFeedRevoke, s.handleCalendarFeedRevoke)},
		{name: "MyProgramme", method: get, path: "/my-programme", perm: convene.PermOwnProgramme, handler: s.handleMyProgramme},
		{name: "Calendar", method: get, path: "/calendar", perm: convene.PermPublic, handler: s.handleCalendar, public: true},
		{name: "MeetingNew", method: get, path: "/meetings/new", perm: convene.PermManageMeetings, handler: s.handleMeetingNewForm},
		{name: "MeetingNew", method: post, path: "/meetings/new", perm: convene.PermManageMeetings, handler: s.handleMeetingCreate},
		{name: "MeetingEdit", method: get, path: "/meetings/:code/edit", perm: convene.PermManageMeetings, handler: s.handleMeetingEditForm},
		{name: "MeetingEdit", method: post, path: "/meetings/:code/edit", perm: convene.PermManageMeetings, handler: s.handleMeetingUpdate},
		{name: "MeetingClone", method: get, path: "/meetings/:code/clone", perm: convene.PermManageMeetings, handler: s.handleMeetingCloneForm},
		{name: "MeetingClone", method: post, path: "/meetings/:code/clone", perm: convene.PermManageMeetings, handler: s.handleMeetingClone},
		{name: "Programme", method: get, path: "/meetings/:code/programme", perm: convene.PermPublic, handler: s.handleProgramme, public: true},
		{name: "SessionNew", method: get, path: "/meetings/:code/programme/new", perm: convene.PermManageMeetings, handler: s.handleSessionNewForm},
		{name: "SessionNew", method: post, path: "/meetings/:code/programme/new", perm: convene.PermManageMeetings, handler: s.handleSessionCreate},
		{name: "Session", method: get, path: "/meetings/:code/programme/:id", perm: convene.PermManageMeetings, handler: s.handleSessionEditForm},
		{name: "Session", method: post, path: "/meetings/:code/programme/:id", perm: convene.PermManageMeetings, handler: s.handleSessionUpdate},
		{name: "SessionDelete", method: get, path: "/meetings/:code/programme/:id/delete", perm: convene.PermManageMeetings, handler: s.confirmPage(s.askSessionDelete)},
		{name: "SessionDelete", method: post, path: "/meetings/:code/programme/:id/delete", perm: convene.PermManageMeetings, handler: confirmed(s.askSessionDelete, s.handleSessionDelete)},
		{name: "Clashes", method: get, path: "/meetings/:code/clashes", perm: convene.PermManageMeetings, handler: s.handleClashes},

		// Scheduling the cycle: availability polls, holidays, chairs, next year's calendar.
		{name: "PollNew", method: post, path: "/meetings/:code/poll/new", perm: convene.PermManageMeetings, handler: s.handlePollNew},
		{name: "Poll", method: get, path: "/meetings/:code/poll", perm: convene.PermManageMeetings, handler: s.handlePoll},
		{name: "PollRemind", method: post, path: "/meetings/:code/poll/remind", perm: convene.PermManageMeetings, handler: s.handlePollRemind},
		{name: "PollConfirm", method: post, path: "/meetings/:code/poll/confirm", perm: convene.PermManageMeetings, handler: s.handlePollConfirm},
		{name: "PollAnswer", method: get, path: "/meetings/:code/poll/:country", perm: convene.PermAnswerPoll, handler: s.handlePollAnswerForm},
		{name: "PollAnswer", method: post, path: "/meetings/:code/poll/:country", perm: convene.PermAnswerPoll, handler: s.handlePollAnswer},
		{name: "Holiday", method: get, path: "/holidays/:id", perm: convene.PermManageMeetings, handler: s.handleHolidayForm},
		{name: "Holiday", method: post, path: "/holidays/:id", perm: convene.PermManageMeetings, handler: s.handleHolidayUpdate},
		{name: "HolidayVerify", method: post, path: "/holidays/:id/verify", perm: convene.PermManageMeetings, handler: s.handleHolidayVerify},
		{name: "HolidayDelete", method: get, path: "/holidays/:id/delete", perm: convene.PermManageMeetings, handler: s.confirmPage(s.askHolidayDelete)},
		{name: "HolidayDelete", method: post, path: "/holidays/:id/delete", perm: convene.PermManageMeetings, handler: confirmed(s.askHolidayDelete, s.handleHolidayDelete)},
		{name: "Chairs", method: get, path: "/chairs", perm: convene.PermManageMeetings, handler: s.handleChairs},
		{name: "Cochairs", method: post, path: "/chairs/ewg", perm: convene.PermManageMeetings, handler: s.handleCochairsSave},
		{name: "Chair", method: get, path: "/chairs/:year", perm: convene.PermManageMeetings, handler: s.handleChairForm},
		{name: "Chair", method: post, path: "/chairs/:year", perm: convene.PermManageMeetings, handler: s.handleChairSave},
		{name: "CalendarGenerate", method: get, path: "/calendar/generate", perm: convene.PermManageMeetings, handler: s.handleCycleReview},
		{name: "CalendarGenerate", method: post, path: "/calendar/generate", perm: convene.PermManageMeetings, handler: s.handleCycleCreate},

		// Delegations, registration and accreditation.
		{name: "Delegations", method: get, path: "/meetings/:code/delegations", perm: convene.PermViewMeetings, handler: s.handleDelegations},
		{name: "MeetingLinks", method: get, path: "/meetings/:code/links", perm: convene.PermManageDelegations, handler: s.confirmPage(s.askMeetingLinks)},
		{name: "MeetingLinks", method: post, path: "/meetings/:code/links", perm: convene.PermManageDelegations, handler: confirmed(s.askMeetingLinks, s.handleMeetingLinks)},
		{name: "Delegation", method: get, path: "/meetings/:code/delegations/:country", perm: convene.PermViewMeetings, handler: s.handleDelegation},
		{name: "DelegateNew", method: get, path: "/meetings/:code/delegations/:country/delegates/new", perm: convene.PermNominate, handler: s.handleDelegateNewForm},
		{name: "DelegateNew", method: post, path: "/meetings/:code/delegations/:country/delegates/new", perm: convene.PermNominate, handler: s.handleDelegateCreate},
		{name: "CarryOver", method: post, path: "/meetings/:code/delegations/:country/carry-over", perm: convene.PermNominate, handler: s.handleCarryOver},
		{name: "DelegationLinks", method: post, path: "/meetings/:code/delegations/:country/links", perm: convene.PermNominate, handler: s.handleDelegationLinks},
		{name: "DelegationSubmit", method: post, path: "/meetings/:code/delegations/:country/submit", perm: convene.PermNominate, handler: s.handleDelegationSubmit},
		{name: "Delegates", method: get, path: "/meetings/:code/delegates", perm: convene.PermViewMeetings, handler: s.handleDelegates},
		{name: "Person", method: get, path: "/meetings/:code/delegates/:id", perm: convene.PermViewMeetings, handler: s.handlePerson},
		{name: "DelegateEdit", method: get, path: "/meetings/:code/delegates/:id/edit", perm: convene.PermNominate, handler: s.handleDelegateEditForm},
		{name: "DelegateEdit", method: post, path: "/meetings/:code/delegates/:id/edit", perm: convene.PermNominate, handler: s.handleDelegateUpdate},
		{name: "DelegateWithdraw", method: get, path: "/meetings/:code/delegates/:id/withdraw", perm: convene.PermNominate, handler: s.confirmPage(s.askDelegateWithdraw)},
		{name: "DelegateWithdraw", method: post, path: "/meetings/:code/delegates/:id/withdraw", perm: convene.PermNominate, handler: confirmed(s.askDelegateWithdraw, s.handleDelegateWithdraw)},
		{name: "DelegateLink", method: post, path: "/meetings/:code/delegates/:id/link", perm: convene.PermNominate, handler: s.handleDelegateLink},
		{name: "DelegatePhoto", method: get, path: "/meetings/:code/delegates/:id/photo", perm: convene.PermViewMeetings, handler: s.handleDelegatePhoto},
		{name: "DelegatePhoto", method: post, path: "/meetings/:code/delegates/:id/photo", perm: convene.PermNominate, handler: s.handleDelegatePhotoUpload, bodyLimit: 6 << 20, tooLarge: s.handleDelegatePhotoTooLarge},
		{name: "DelegateDecision", method: post, path: "/meetings/:code/delegates/:id/decision", perm: convene.PermManageDelegations, handler: s.handleDelegateDecision},
		{name: "Accreditation", method: get, path: "/meetings/:code/accreditation", perm: convene.PermManageDelegations, handler: s.handleAccreditationQueue},
		{name: "Accreditation", method: post, path: "/meetings/:code/accreditation", perm: convene.PermManageDelegations, handler: s.handleBulkAccredit},
		{name: "PendingChanges", method: get, path: "/meetings/:code/pending-changes", perm: convene.PermManageDelegations, handler: s.handlePendingChanges},
		{name: "PendingChange", method: get, path: "/meetings/:code/pending-changes/:id", perm: convene.PermManageDelegations, handler: s.handlePendingChange},
		{name: "PendingChange", method: post, path: "/meetings/:code/pending-changes/:id", perm: convene.PermManageDelegations, handler: s.handlePendingChangeDecide},
		{name: "PendingChangePhoto", method: get, path: "/meetings/:code/pending-changes/:id/photo", perm: convene.PermManageDelegations, handler: s.handlePendingChangePhoto},
		{name: "RegistrationSettings", method: get, path: "/meetings/:code/registration-settings", perm: convene.PermManageDelegations, handler: s.handleRegistrationSettingsForm},
		{name: "RegistrationSettings", method: post, path: "/meetings/:code/registration-settings", perm: convene.PermManageDelegations, handler: s.handleRegistrationSettings},
		// Letters (issue 18): visa rules, templates, visa-support and invitation letters, pre-notification list.
		{name: "VisaRules", method: get, path: "/meetings/:code/visa-rules", perm: convene.PermManageDelegations, handler: s.handleVisaRules},
		{name: "VisaRules", method: post, path: "/meetings/:code/visa-rules", perm: convene.PermManageDelegations, handler: s.handleVisaRulesSave},
		{name: "Letters", method: get, path: "/meetings/:code/letters", perm: convene.PermManageDelegations, handler: s.handleLetters},
		{name: "LetterTemplate", method: get, path: "/meetings/:code/letters/templates/:kind", perm: convene.PermManageDelegations, handler: s.handleLetterTemplateForm},
		{name: "LetterTemplate", method: post, path: "/meetings/:code/letters/templates/:kind", perm: convene.PermManageDelegations, handler: s.handleLetterTemplate, bodyLimit: maxLetterhead + 64<<10},
		{name: "LetterPreview", method: get, path: "/meetings/:code/letters/templates/:kind/preview", perm: convene.PermManageDelegations, handler: s.handleLetterPreview},
		{name: "Letter", method: get, path: "/meetings/:code/letters/:id", perm: convene.PermNominate, handler: s.handleLetter},
		{name: "DelegateLetters", method: get, path: "/meetings/:code/delegates/:id/letters", perm: convene.PermNominate, handler: s.handleDelegateLetters},
		{name: "DelegateLetters", method: post, path: "/meetings/:code/delegates/:id/letters", perm: convene.PermNominate, handler: s.handleVisaLetterIssue},
		{name: "InvitationLetter", method: post, path: "/meetings/:code/delegations/:country/invitation-letter", perm: convene.PermManageDelegations, handler: s.handleInvitationLetterIssue},
		{name: "PreNotificationXLSX", method: get, path: "/meetings/:code/pre-notification.xlsx", perm: convene.PermManageDelegations, handler: s.handlePreNotification},
		{name: "Outbox", method: get, path: "/meetings/:code/outbox", perm: convene.PermManageDelegations, handler: s.handleOutbox},
		{name: "DelegatesCSV", method: get, path: "/meetings/:code/delegates.csv", perm: convene.PermViewMeetings, handler: s.handleRosterCSV},
		{name: "DelegatesXLSX", method: get, path: "/meetings/:code/delegates.xlsx", perm: convene.PermViewMeetings, handler: s.handleRosterXLSX},
		{name: "ImportTemplate", method: get, path: "/meetings/:code/delegations/:country/template.xlsx", perm: convene.PermNominate, handler: s.handleImportTemplate},
		{name: "Import", method: get, path: "/meetings/:code/delegations/:country/import", perm: convene.PermNominate, handler: s.handleImportForm},
		{name: "Import", method: post, path: "/meetings/:code/delegations/:country/import", perm: convene.PermNominate, handler: s.handleImport, bodyLimit: 2 << 20, tooLarge: s.handleImportTooLarge},
		{name: "Invite", method: get, path: "/meetings/:code/delegations/:country/invite", perm: convene.PermManageDelegations, handler: s.handleInviteForm},
		{name: "Invite", method: post, path: "/meetings/:code/delegations/:country/invite", perm: convene.PermManageDelegations, handler: s.handleInvite},
		{name: "DelegationNew", method: post, path: "/meetings/:code/delegations/new", perm: convene.PermManageMeetings, handler: s.handleParticipantsAdd},
		{name: "DelegationDelete", method: get, path: "/meetings/:code/delegations/:country/delete", perm: convene.PermManageMeetings, handler: s.confirmPage(s.askDelegationDelete)},
		{name: "DelegationDelete", method: post, path: "/meetings/:code/delegations/:country/delete", perm: convene.PermManageMeetings, handler: confirmed(s.askDelegationDelete, s.handleParticipantRemove)},
		{name: "DelegationQuota", method: post, path: "/meetings/:code/delegations/:country/quota", perm: convene.PermManageDelegations, handler: s.handleDelegationQuota},
		{name: "DelegationFocal", method: post, path: "/meetings/:code/delegations/:country/focal", perm: convene.PermManageDelegations, handler: s.handleFocalAssign},
		{name: "Quotas", method: post, path: "/meetings/:code/quotas", perm: convene.PermManageDelegations, handler: s.handleQuotas},
		{name: "Invitation", method: get, path: "/invitation/:token", perm: convene.PermPublic, handler: s.handleInvitationForm},
		{name: "Invitation", method: post, path: "/invitation/:token", perm: convene.PermPublic, handler: s.handleInvitationAccept},
		{name: "MyRegistration", method: get, path: "/my-registration", perm: convene.PermSignedIn, handler: s.handleMyRegistration},
		{name: "Register", method: get, path: "/register/:token", perm: convene.PermPublic, handler: s.handleRegisterForm},
		{name: "Register", method: post, path: "/register/:token", perm: convene.PermPublic, handler: s.handleRegister},

		// Venue logistics.
		{name: "Logistics", method: get, path: "/meetings/:code/logistics", perm: convene.PermPrint, handler: s.handleLogistics},
		{name: "Hotels", method: get, path: "/meetings/:code/hotels", perm: convene.PermPrint, handler: s.handleHotels},
		{name: "HotelBlocks", method: post, path: "/meetings/:code/hotels/blocks", perm: convene.PermManageMeetings, handler: s.handleRoomBlockCreate},
		{name: "HotelAssign", method: post, path: "/meetings/:code/hotels/assign", perm: convene.PermManageMeetings, handler: s.handleRoomAssign},
		{name: "HotelPropose", method: post, path: "/meetings/:code/hotels/propose", perm: convene.PermManageMeetings, handler: s.handleRoomPropose},
		{name: "StayRemove", method: get, path: "/meetings/:code/hotels/stays/:delegate/delete", perm: convene.PermManageMeetings, handler: s.confirmPage(s.askInMeeting("Remove this hotel stay?", "The person's nights at the hotel are taken off the rooming list", "Remove the stay"))},
		{name: "StayRemove", method: post, path: "/meetings/:code/hotels/stays/:delegate/delete", perm: convene.PermManageMeetings, handler: confirmed(s.askInMeeting("Remove this hotel stay?", "The person's nights at the hotel are taken off the rooming list", "Remove the stay"), s.handleStayRemove)},
		{name: "Rooming", method: get, path: "/meetings/:code/hotels/:hotel/rooming", perm: convene.PermPrint, handler: s.handleRoomingList},
		{name: "RoomingCSV", method: get, path: "/meetings/:code/hotels/:hotel/rooming.csv", perm: convene.PermPrint, handler: s.handleRoomingExport},
		{name: "RoomingXLSX", method: get, path: "/meetings/:code/hotels/:hotel/rooming.xlsx", perm: convene.PermPrint, handler: s.handleRoomingExport},
		{name: "Liaison", method: get, path: "/meetings/:code/liaison", perm: convene.PermPrint, handler: s.handleLiaison},
		{name: "Liaison", method: post, path: "/meetings/:code/liaison", perm: convene.PermManageMeetings, handler: s.handleLiaisonCreate},
		{name: "LiaisonAssign", method: post, path: "/meetings/:code/liaison/:id/assign", perm: convene.PermManageMeetings, handler: s.handleLiaisonAssign},
		{name: "Arrivals", method: get, path: "/meetings/:code/arrivals", perm: convene.PermPrint, handler: s.handleArrivals},
		{name: "Transfers", method: get, path: "/meetings/:code/transfers", perm: convene.PermPrint, handler: s.handleTransfers},
		{name: "TransfersPropose", method: post, path: "/meetings/:code/transfers/propose", perm: convene.PermManageMeetings, handler: s.handleTransfersPropose},
		{name: "TransferMove", method: post, path: "/meetings/:code/transfers/move", perm: convene.PermManageMeetings, handler: s.handleTransferMove},
		{name: "Transfer", method: post, path: "/meetings/:code/transfers/:id", perm: convene.PermManageMeetings, handler: s.handleTransferUpdate},
		{name: "TransferManifest", method: get, path: "/meetings/:code/transfers/:id/manifest", perm: convene.PermPrint, handler: s.handleTransferManifest},
		{name: "Travel", method: get, path: "/meetings/:code/travel/:delegate", perm: convene.PermNominate, handler: s.handleTravelForm},
		{name: "Travel", method: post, path: "/meetings/:code/travel/:delegate", perm: convene.PermNominate, handler: s.handleTravelSave},
		{name: "Catering", method: get, path: "/meetings/:code/catering", perm: convene.PermPrint, handler: s.handleCatering},
		{name: "HotelNew", method: post, path: "/meetings/:code/hotels/new", perm: convene.PermManageMeetings, handler: s.handleHotelCreate},
		{name: "RoomHolds", method: get, path: "/meetings/:code/holds", perm: convene.PermPrint, handler: s.handleRoomHolds},
		{name: "RoomHolds", method: post, path: "/meetings/:code/holds", perm: convene.PermManageMeetings, handler: s.handleRoomHoldCreate},
		{name: "RoomHold", method: get, path: "/meetings/:code/holds/:id", perm: convene.PermManageMeetings, handler: s.handleRoomHoldForm},
		{name: "RoomHold", method: post, path: "/meetings/:code/holds/:id", perm: convene.PermManageMeetings, handler: s.handleRoomHoldUpdate},
		{name: "RoomHoldDelete", method: get, path: "/meetings/:code/holds/:id/delete", perm: convene.PermManageMeetings, handler: s.confirmPage(s.askInMeeting("Delete this room hold?", "The room is free again for the times the hold covered", "Delete the hold"))},
		{name: "RoomHoldDelete", method: post, path: "/meetings/:code/holds/:id/delete", perm: convene.PermManageMeetings, handler: confirmed(s.askInMeeting("Delete this room hold?", "The room is free again for the times the hold covered", "Delete the hold"), s.handleRoomHoldDelete)},
		{name: "Venues", method: get, path: "/venues", perm: convene.PermPrint, handler: s.handleVenues},
		{name: "VenueNew", method: get, path: "/venues/new", perm: convene.PermManageMeetings, handler: s.handleVenueNewForm},
		{name: "VenueNew", method: post, path: "/venues/new", perm: convene.PermManageMeetings, handler: s.handleVenueCreate},
		{name: "Venue", method: get, path: "/venues/:venue", perm: convene.PermPrint, handler: s.handleVenue},
		{name: "VenueEdit", method: get, path: "/venues/:venue/edit", perm: convene.PermManageMeetings, handler: s.handleVenueEditForm},
		{name: "VenueEdit", method: post, path: "/venues/:venue/edit", perm: convene.PermManageMeetings, handler: s.handleVenueUpdate},
		{name: "VenueDelete", method: get, path: "/venues/:venue/delete", perm: convene.PermManageMeetings, handler: s.confirmPage(s.askVenueDelete)},
		{name: "VenueDelete", method: post, path: "/venues/:venue/delete", perm: convene.PermManageMeetings, handler: confirmed(s.askVenueDelete, s.handleVenueDelete)},
		{name: "RoomNew", method: get, path: "/venues/:venue/rooms/new", perm: convene.PermManageMeetings, handler: s.handleRoomNewForm},
		{name: "RoomNew", method: post, path: "/venues/:venue/rooms/new", perm: convene.PermManageMeetings, handler: s.handleRoomCreate},
		{name: "Room", method: get, path: "/venues/:venue/rooms/:id", perm: convene.PermManageMeetings, handler: s.handleRoomEditForm},
		{name: "Room", method: post, path: "/venues/:venue/rooms/:id", perm: convene.PermManageMeetings, handler: s.handleRoomUpdate},
		{name: "RoomDelete", method: get, path: "/venues/:venue/rooms/:id/delete", perm: convene.PermManageMeetings, handler: s.confirmPage(s.askRoomDelete)},
		{name: "RoomDelete", method: post, path: "/venues/:venue/rooms/:id/delete", perm: convene.PermManageMeetings, handler: confirmed(s.askRoomDelete, s.handleRoomDelete)},
		{name: "Airports", method: get, path: "/airports", perm: convene.PermPrint, handler: s.handleAirports},
		{name: "Airports", method: post, path: "/airports", perm: convene.PermManageMeetings, handler: s.handleAirportCreate},
		{name: "Airport", method: get, path: "/airports/:iata", perm: convene.PermManageMeetings, handler: s.handleAirportForm},
		{name: "Airport", method: post, path: "/airports/:iata", perm: convene.PermManageMeetings, handler: s.handleAirportUpdate},

		// Print room and on-site.
		{name: "PrintRoom", method: get, path: "/meetings/:code/print", perm: convene.PermPrint, handler: s.handlePrintRoom},
		{name: "Badges", method: get, path: "/meetings/:code/badges", perm: convene.PermPrint, handler: s.handleBadges},
		{name: "BadgePrint", method: post, path: "/meetings/:code/badges/print", perm: convene.PermPrint, handler: s.handleBadgePrint},
		{name: "BadgeCollect", method: post, path: "/meetings/:code/badges/collect", perm: convene.PermPrint, handler: s.handleBadgeCollect},
		{name: "BadgeSheet", method: get, path: "/meetings/:code/badges/sheet", perm: convene.PermPrint, handler: s.handleBadgeSheet},
		{name: "BadgeSheetPDF", method: get, path: "/meetings/:code/badges/sheet.pdf", perm: convene.PermPrint, handler: s.handleBadgeSheetPDF},
		{name: "BadgeReprint", method: post, path: "/meetings/:code/badges/:id/reprint", perm: convene.PermManageDelegations, handler: s.handleBadgeReprint},
		{name: "BadgeRevoke", method: get, path: "/meetings/:code/badges/:id/revoke", perm: convene.PermManageDelegations, handler: s.confirmPage(s.askInMeeting("Revoke this badge?", "It no longer admits anyone at the check-in desk; print a new one when needed", "Revoke the badge"))},
		{name: "BadgeRevoke", method: post, path: "/meetings/:code/badges/:id/revoke", perm: convene.PermManageDelegations, handler: confirmed(s.askInMeeting("Revoke this badge?", "It no longer admits anyone at the check-in desk; print a new one when needed", "Revoke the badge"), s.handleBadgeRevoke)},
		{name: "CheckIn", method: get, path: "/meetings/:code/check-in", perm: convene.PermPrint, handler: s.handleCheckInDesk},
		{name: "CheckIn", method: post, path: "/meetings/:code/check-in", perm: convene.PermPrint, handler: s.handleCheckIn},
		{name: "CheckInList", method: get, path: "/meetings/:code/check-in/list", perm: convene.PermPrint, handler: s.handleCheckInList},
		{name: "CheckInSync", method: post, path: "/meetings/:code/check-in/sync", perm: convene.PermPrint, handler: s.handleCheckInSync},
		{name: "CheckInWorker", method: get, path: "/check-in-worker.js", perm: convene.PermPublic, handler: s.handleCheckInWorker, cookieless: true},
		{name: "ProgrammeBook", method: get, path: "/meetings/:code/programme-book", perm: convene.PermPrint, handler: s.handleProgrammeBook},
		{name: "ProgrammeBookPDF", method: get, path: "/meetings/:code/programme-book.pdf", perm: convene.PermPrint, handler: s.handleProgrammeBookPDF},
		{name: "Seating", method: get, path: "/meetings/:code/seating", perm: convene.PermPrint, handler: s.handleSeating},
		{name: "SeatingPDF", method: get, path: "/meetings/:code/seating.pdf", perm: convene.PermPrint, handler: s.handleSeatingPDF},
		{name: "SeatingSettings", method: get, path: "/meetings/:code/seating/settings", perm: convene.PermPrint, handler: s.handleSeatingSettings},
		{name: "SeatingSettings", method: post, path: "/meetings/:code/seating/settings", perm: convene.PermManageMeetings, handler: s.handleSeatingSettingsSave},
		{name: "BadgeHolders", method: get, path: "/meetings/:code/badge-holders", perm: convene.PermPrint, handler: s.handleBadgeHolders},
		{name: "BadgeHolders", method: post, path: "/meetings/:code/badge-holders", perm: convene.PermManageMeetings, handler: s.handleBadgeHolderCreate},
		{name: "BadgeHolderPrint", method: post, path: "/meetings/:code/badge-holders/print", perm: convene.PermPrint, handler: s.handleBadgeHolderPrint},
		{name: "BadgeZones", method: post, path: "/meetings/:code/badge-holders/zones", perm: convene.PermManageMeetings, handler: s.handleBadgeZones},
		{name: "HolderBadgeRevoke", method: get, path: "/meetings/:code/badge-holders/badges/:id/revoke", perm: convene.PermManageDelegations, handler: s.confirmPage(s.askInMeeting("Revoke this badge?", "It no longer admits its holder at the check-in desk; print a new one when needed", "Revoke the badge"))},
		{name: "HolderBadgeRevoke", method: post, path: "/meetings/:code/badge-holders/badges/:id/revoke", perm: convene.PermManageDelegations, handler: confirmed(s.askInMeeting("Revoke this badge?", "It no longer admits its holder at the check-in desk; print a new one when needed", "Revoke the badge"), s.handleHolderBadgeRevoke)},
		{name: "VenueNotes", method: get, path: "/meetings/:code/venue-notes", perm: convene.PermPrint, handler: s.handleVenueNotes},
		{name: "VenueNotes", method: post, path: "/meetings/:code/venue-notes", perm: convene.PermManageMeetings, handler: s.handleVenueNotesSave},
		{name: "NamePlates", method: get, path: "/meetings/:code/name-plates", perm: convene.PermPrint, handler: s.handleNamePlates},
		{name: "NamePlatesPDF", method: get, path: "/meetings/:code/name-plates.pdf", perm: convene.PermPrint, handler: s.handleNamePlatesPDF},
		{name: "Participants", method: get, path: "/meetings/:code/participants", perm: convene.PermPrint, handler: s.handleParticipants},
		{name: "ParticipantsPDF", method: get, path: "/meetings/:code/participants.pdf", perm: convene.PermPrint, handler: s.handleParticipantsPDF},
		{name: "ParticipantsCSV", method: get, path: "/meetings/:code/participants.csv", perm: convene.PermPrint, handler: s.handleParticipantsCSV},

		// Bilateral meetings.
		{name: "Bilaterals", method: get, path: "/meetings/:code/bilaterals", perm: convene.PermViewMeetings, handler: s.handleBilaterals},
		{name: "BilateralBoard", method: get, path: "/meetings/:code/bilaterals/board", perm: convene.PermPrint, handler: s.handleBilateralBoard},
		{name: "BilateralNew", method: get, path: "/meetings/:code/bilaterals/new", perm: convene.PermRequestBilateral, handler: s.handleBilateralNewForm},
		{name: "BilateralNew", method: post, path: "/meetings/:code/bilaterals/new", perm: convene.PermRequestBilateral, handler: s.handleBilateralCreate},
		{name: "Bilateral", method: get, path: "/meetings/:code/bilaterals/:id", perm: convene.PermViewMeetings, handler: s.handleBilateral},
		{name: "BilateralRespond", method: post, path: "/meetings/:code/bilaterals/:id/respond", perm: convene.PermRequestBilateral, handler: s.handleBilateralRespond},
		{name: "BilateralSchedule", method: post, path: "/meetings/:code/bilaterals/:id/schedule", perm: convene.PermManageMeetings, handler: s.handleBilateralSchedule},

		// Meeting documents and Note Verbales (issue 18). Uploads may be up to
		// the largest limit the secretariat can set (plus the form around the
		// file); a body over it re-renders the form (too_large.go), a file
		// over the meeting's own limit is refused by the store.
		{name: "Documents", method: get, path: "/meetings/:code/documents", perm: convene.PermSignedIn, handler: s.handleDocuments},
		{name: "DocumentNew", method: get, path: "/meetings/:code/documents/new", perm: convene.PermManageMeetings, handler: s.handleDocumentNewForm},
		{name: "DocumentNew", method: post, path: "/meetings/:code/documents/new", perm: convene.PermManageMeetings, handler: s.handleDocumentCreate, bodyLimit: uploadBodyLimit, tooLarge: s.handleDocumentNewTooLarge},
		{name: "DocumentSettings", method: get, path: "/meetings/:code/documents/settings", perm: convene.PermManageMeetings, handler: s.handleDocumentSettingsForm},
		{name: "DocumentSettings", method: post, path: "/meetings/:code/documents/settings", perm: convene.PermManageMeetings, handler: s.handleDocumentSettings},
		{name: "Document", method: get, path: "/meetings/:code/documents/:id", perm: convene.PermSignedIn, handler: s.handleDocument},
		{name: "DocumentVersionNew", method: get, path: "/meetings/:code/documents/:id/versions/new", perm: convene.PermManageMeetings, handler: s.handleDocumentVersionForm},
		{name: "DocumentVersionNew", method: post, path: "/meetings/:code/documents/:id/versions/new", perm: convene.PermManageMeetings, handler: s.handleDocumentVersionCreate, bodyLimit: uploadBodyLimit, tooLarge: s.handleDocumentVersionTooLarge},
		{name: "DocumentFile", method: get, path: "/meetings/:code/documents/:id/versions/:number", perm: convene.PermPublic, handler: s.handleDocumentFile},
		{name: "DocumentDelete", method: get, path: "/meetings/:code/documents/:id/delete", perm: convene.PermManageMeetings, handler: s.confirmPage(s.askDocumentDelete)},
		{name: "DocumentDelete", method: post, path: "/meetings/:code/documents/:id/delete", perm: convene.PermManageMeetings, handler: confirmed(s.askDocumentDelete, s.handleDocumentDelete)},
		{name: "DocumentVersionDelete", method: get, path: "/meetings/:code/documents/:id/versions/:number/delete", perm: convene.PermManageMeetings, handler: s.confirmPage(s.askDocumentVersionDelete)},
		{name: "DocumentVersionDelete", method: post, path: "/meetings/:code/documents/:id/versions/:number/delete", perm: convene.PermManageMeetings, handler: confirmed(s.askDocumentVersionDelete, s.handleDocumentVersionDelete)},
		{name: "NoteVerbale", method: get, path: "/meetings/:code/delegations/:country/note-verbale", perm: convene.PermNominate, handler: s.handleNoteVerbaleForm},
		{name: "NoteVerbale", method: post, path: "/meetings/:code/delegations/:country/note-verbale", perm: convene.PermNominate, handler: s.handleNoteVerbaleUpload, bodyLimit: uploadBodyLimit, tooLarge: s.handleNoteVerbaleTooLarge},
		{name: "NoteVerbalePDF", method: get, path: "/meetings/:code/delegations/:country/note-verbale.pdf", perm: convene.PermNominate, handler: s.handleNoteVerbalePDF},
	}
}

// register installs the middleware and the route table on the router.
// Order matters: the request gets an id and a log line first; panics become
// 500s inside the log line; security headers go on every response including
// errors; the body is capped before anything reads it; then the actor is
// loaded and the CSRF token checked, before any handler runs.
func (s *Server) register() {
	s.routes = s.routeTable()
	limits := map[string]bodyLimit{}
	for _, r := range s.routes {
		if r.bodyLimit != 0 || r.tooLarge != nil {
			limits[r.method+" "+r.path] = bodyLimit{max: r.bodyLimit, keepsForm: r.tooLarge != nil}
		}
	}
	s.cookieless = map[string]bool{}
	e := s.echo
	e.Use(s.middleware(limits)...)
	for _, r := range s.routes {
		if r.cookieless {
			s.cookieless[r.path] = true
		}
		mw := []echo.MiddlewareFunc{authorize(r.perm), checkText(multiLineFields[r.name])}
		if r.public {
			mw = append(mw, s.publicCache)
		}
		h := orTooLarge(r.handler, r.tooLarge)
		e.Add(r.method, r.path, h, mw...).Name = r.name
		// Every GET answers HEAD too, through the same handler: the same
		// status and headers, and net/http sends no body for a HEAD.
		if r.method == http.MethodGet {
			e.Add(http.MethodHead, r.path, h, mw...).Name = r.name
		}
	}
}

// middleware is what every request passes before its handler, in order;
// perRoute are the body limits of the routes that have their own.
func (s *Server) middleware(perRoute map[string]bodyLimit) []echo.MiddlewareFunc {
	return []echo.MiddlewareFunc{requestID, s.logRequests, s.recoverPanics, s.secureHeaders, s.limitBody(perRoute),
		s.pageScope, s.loadActor, s.csrf}
}

// Routes lists the registered routes with their permissions.
func (s *Server) Routes() []RouteInfo {
	out := make([]RouteInfo, len(s.routes))
	for i, r := range s.routes {
		out[i] = RouteInfo{Name: r.name, Method: r.method, Path: r.path, Permission: r.perm, Public: r.public}
	}
	return out
}

// recoverPanics turns a panic into a 500 with its stack in the log, so that
// one bad request cannot take the server down.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.log.Error("panic", slog.String("id", requestIDOf(c)), slog.String("panic", fmt.Sprint(r)),
					slog.String("stack", string(debug.Stack())))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

// limitBody caps every request body (413 when over) and parses form bodies
// up front, so that a body that is too large is answered 413 here rather than
// surfacing later as a missing field or token, and one that arrives too
// slowly (the server's ReadTimeout passes while it is read) 408.
func (s *Server) limitBody(perRoute map[string]bodyLimit) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			limit := s.cfg.BodyLimit
			own := perRoute[r.Method+" "+c.Path()]
			if own.max != 0 {
				limit = own.max
			}
			orig := r.Body
			if r.ContentLength > limit {
				if own.keepsForm {
					return keepForm(c, orig, limit, next)
				}
				return echo.ErrStatusRequestEntityTooLarge
			}
			r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
			if r.Method == http.MethodPost {
				ct, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
				var err error
				switch {
				case ct == echo.MIMEApplicationForm:
					err = r.ParseForm()
				case strings.HasPrefix(ct, "multipart/"):
					err = r.ParseMultipartForm(limit)
				}
				var tooBig *http.MaxBytesError
				switch {
				case errors.As(err, &tooBig) && own.keepsForm:
					return keepForm(c, orig, limit, next)
				case errors.As(err, &tooBig):
					return echo.ErrStatusRequestEntityTooLarge
				case isTimeout(err):
					// The body did not arrive within the server's
					// ReadTimeout: the client's fault, not ours.
					return echo.NewHTTPError(http.StatusRequestTimeout).SetInternal(err)
				case err != nil:
					return echo.NewHTTPError(http.StatusBadRequest)
				}
			}
			return next(c)
		}
	}
}

// isTimeout reports whether reading the request failed because a deadline
// passed (the connection's read deadline, which http.Server's ReadTimeout
// sets).
func isTimeout(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout())
}
