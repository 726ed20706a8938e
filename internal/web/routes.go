package web

import (
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
)

// route is one entry of the route table: every route declares the one
// permission that guards it, so the access test can walk them all.
type route struct {
	method    string
	path      string
	perm      convene.Permission
	handler   echo.HandlerFunc
	bodyLimit int64 // 0 means Config.BodyLimit
}

// RouteInfo describes a registered route for tests and documentation.
type RouteInfo struct {
	Method     string
	Path       string
	Permission convene.Permission
}

// routeTable is every route Convene serves. Nothing else registers routes.
func (s *Server) routeTable() []route {
	const get, post = http.MethodGet, http.MethodPost
	return []route{
		{method: get, path: "/", perm: convene.PermPublic, handler: s.handleHome},
		{method: get, path: "/healthz", perm: convene.PermPublic, handler: s.handleHealthz},
		{method: get, path: "/static/*", perm: convene.PermPublic, handler: s.handleStatic},

		{method: get, path: "/sign-in", perm: convene.PermSignIn, handler: s.handleSignInForm},
		{method: post, path: "/sign-in", perm: convene.PermSignIn, handler: s.handleSignIn},
		{method: post, path: "/sign-out", perm: convene.PermSignedIn, handler: s.handleSignOut},
		{method: get, path: "/account", perm: convene.PermSignedIn, handler: s.handleAccount},
		{method: post, path: "/account/password", perm: convene.PermSignedIn, handler: s.handleAccountPassword},

		{method: get, path: "/meetings/:code", perm: convene.PermPublic, handler: s.handleMeeting},

		{method: get, path: "/audit", perm: convene.PermViewAudit, handler: s.handleAudit},
		{method: get, path: "/admin/users", perm: convene.PermManageUsers, handler: s.handleUsers},
		{method: get, path: "/admin/users/new", perm: convene.PermManageUsers, handler: s.handleUserNewForm},
		{method: post, path: "/admin/users/new", perm: convene.PermManageUsers, handler: s.handleUserCreate},
		{method: get, path: "/admin/users/:id", perm: convene.PermManageUsers, handler: s.handleUserEditForm},
		{method: post, path: "/admin/users/:id", perm: convene.PermManageUsers, handler: s.handleUserUpdate},

		// Meetings, programme and scheduling.
		{method: post, path: "/meetings/:code/programme/publish", perm: convene.PermManageMeetings, handler: s.handlePublishProgramme},
		{method: get, path: "/holidays", perm: convene.PermManageMeetings, handler: s.handleHolidays},
		{method: post, path: "/holidays", perm: convene.PermManageMeetings, handler: s.handleHolidaysImport},
		{method: get, path: "/meetings/:code/planner", perm: convene.PermManageMeetings, handler: s.handlePlanner},
		{method: post, path: "/meetings/:code/planner", perm: convene.PermManageMeetings, handler: s.handlePlannerConfirm},
		{method: get, path: "/meetings/:code/programme.ics", perm: convene.PermPublic, handler: s.handleProgrammeICS},
		{method: get, path: "/feeds/:token", perm: convene.PermPublic, handler: s.handleFeed},
		{method: get, path: "/account/calendar", perm: convene.PermSignedIn, handler: s.handleCalendarFeedPage},
		{method: post, path: "/account/calendar", perm: convene.PermSignedIn, handler: s.handleCalendarFeedCreate},
		{method: post, path: "/account/calendar/revoke", perm: convene.PermSignedIn, handler: s.handleCalendarFeedRevoke},
		{method: get, path: "/my-programme", perm: convene.PermOwnProgramme, handler: s.handleMyProgramme},
		{method: get, path: "/calendar", perm: convene.PermPublic, handler: s.handleCalendar},
		{method: get, path: "/meetings/new", perm: convene.PermManageMeetings, handler: s.handleMeetingNewForm},
		{method: post, path: "/meetings/new", perm: convene.PermManageMeetings, handler: s.handleMeetingCreate},
		{method: get, path: "/meetings/:code/edit", perm: convene.PermManageMeetings, handler: s.handleMeetingEditForm},
		{method: post, path: "/meetings/:code/edit", perm: convene.PermManageMeetings, handler: s.handleMeetingUpdate},
		{method: get, path: "/meetings/:code/clone", perm: convene.PermManageMeetings, handler: s.handleMeetingCloneForm},
		{method: post, path: "/meetings/:code/clone", perm: convene.PermManageMeetings, handler: s.handleMeetingClone},
		{method: get, path: "/meetings/:code/programme", perm: convene.PermPublic, handler: s.handleProgramme},
		{method: get, path: "/meetings/:code/programme/new", perm: convene.PermManageMeetings, handler: s.handleSessionNewForm},
		{method: post, path: "/meetings/:code/programme/new", perm: convene.PermManageMeetings, handler: s.handleSessionCreate},
		{method: get, path: "/meetings/:code/programme/:id", perm: convene.PermManageMeetings, handler: s.handleSessionEditForm},
		{method: post, path: "/meetings/:code/programme/:id", perm: convene.PermManageMeetings, handler: s.handleSessionUpdate},
		{method: post, path: "/meetings/:code/programme/:id/delete", perm: convene.PermManageMeetings, handler: s.handleSessionDelete},
		{method: get, path: "/meetings/:code/clashes", perm: convene.PermManageMeetings, handler: s.handleClashes},

		// Delegations, registration and accreditation.
		{method: get, path: "/meetings/:code/delegations", perm: convene.PermViewMeetings, handler: s.handleDelegations},
		{method: get, path: "/meetings/:code/delegations/:country", perm: convene.PermViewMeetings, handler: s.handleDelegation},
		{method: get, path: "/meetings/:code/delegations/:country/delegates/new", perm: convene.PermNominate, handler: s.handleDelegateNewForm},
		{method: post, path: "/meetings/:code/delegations/:country/delegates/new", perm: convene.PermNominate, handler: s.handleDelegateCreate},
		{method: post, path: "/meetings/:code/delegations/:country/carry-over", perm: convene.PermNominate, handler: s.handleCarryOver},
		{method: post, path: "/meetings/:code/delegations/:country/submit", perm: convene.PermNominate, handler: s.handleDelegationSubmit},
		{method: get, path: "/meetings/:code/delegates", perm: convene.PermViewMeetings, handler: s.handleDelegates},
		{method: get, path: "/meetings/:code/delegates/:id", perm: convene.PermViewMeetings, handler: s.handlePerson},
		{method: get, path: "/meetings/:code/delegates/:id/edit", perm: convene.PermNominate, handler: s.handleDelegateEditForm},
		{method: post, path: "/meetings/:code/delegates/:id/edit", perm: convene.PermNominate, handler: s.handleDelegateUpdate},
		{method: post, path: "/meetings/:code/delegates/:id/withdraw", perm: convene.PermNominate, handler: s.handleDelegateWithdraw},
		{method: post, path: "/meetings/:code/delegates/:id/link", perm: convene.PermNominate, handler: s.handleDelegateLink},
		{method: get, path: "/meetings/:code/delegates/:id/photo", perm: convene.PermViewMeetings, handler: s.handleDelegatePhoto},
		{method: post, path: "/meetings/:code/delegates/:id/photo", perm: convene.PermNominate, handler: s.handleDelegatePhotoUpload, bodyLimit: 6 << 20},
		{method: post, path: "/meetings/:code/delegates/:id/decision", perm: convene.PermManageDelegations, handler: s.handleDelegateDecision},
		{method: get, path: "/meetings/:code/accreditation", perm: convene.PermManageDelegations, handler: s.handleAccreditationQueue},
		{method: post, path: "/meetings/:code/accreditation", perm: convene.PermManageDelegations, handler: s.handleBulkAccredit},
		{method: get, path: "/meetings/:code/registration-settings", perm: convene.PermManageDelegations, handler: s.handleRegistrationSettingsForm},
		{method: post, path: "/meetings/:code/registration-settings", perm: convene.PermManageDelegations, handler: s.handleRegistrationSettings},
		{method: get, path: "/meetings/:code/outbox", perm: convene.PermManageDelegations, handler: s.handleOutbox},
		{method: get, path: "/meetings/:code/delegates.csv", perm: convene.PermViewMeetings, handler: s.handleRosterCSV},
		{method: get, path: "/meetings/:code/delegates.xlsx", perm: convene.PermViewMeetings, handler: s.handleRosterXLSX},
		{method: get, path: "/meetings/:code/delegations/:country/template.xlsx", perm: convene.PermNominate, handler: s.handleImportTemplate},
		{method: get, path: "/meetings/:code/delegations/:country/import", perm: convene.PermNominate, handler: s.handleImportForm},
		{method: post, path: "/meetings/:code/delegations/:country/import", perm: convene.PermNominate, handler: s.handleImport, bodyLimit: 2 << 20},
		{method: get, path: "/meetings/:code/delegations/:country/invite", perm: convene.PermManageDelegations, handler: s.handleInviteForm},
		{method: post, path: "/meetings/:code/delegations/:country/invite", perm: convene.PermManageDelegations, handler: s.handleInvite},
		{method: get, path: "/invitation/:token", perm: convene.PermPublic, handler: s.handleInvitationForm},
		{method: post, path: "/invitation/:token", perm: convene.PermPublic, handler: s.handleInvitationAccept},
		{method: get, path: "/my-registration", perm: convene.PermSignedIn, handler: s.handleMyRegistration},
		{method: get, path: "/register/:token", perm: convene.PermPublic, handler: s.handleRegisterForm},
		{method: post, path: "/register/:token", perm: convene.PermPublic, handler: s.handleRegister},

		// Venue logistics.
		{method: get, path: "/meetings/:code/logistics", perm: convene.PermPrint, handler: s.handleLogistics},
		{method: get, path: "/meetings/:code/hotels", perm: convene.PermPrint, handler: s.handleHotels},
		{method: post, path: "/meetings/:code/hotels/blocks", perm: convene.PermManageMeetings, handler: s.handleRoomBlockCreate},
		{method: post, path: "/meetings/:code/hotels/assign", perm: convene.PermManageMeetings, handler: s.handleRoomAssign},
		{method: post, path: "/meetings/:code/hotels/propose", perm: convene.PermManageMeetings, handler: s.handleRoomPropose},
		{method: post, path: "/meetings/:code/hotels/stays/:delegate/delete", perm: convene.PermManageMeetings, handler: s.handleStayRemove},
		{method: get, path: "/meetings/:code/hotels/:hotel/rooming", perm: convene.PermPrint, handler: s.handleRoomingList},
		{method: get, path: "/meetings/:code/hotels/:hotel/rooming.csv", perm: convene.PermPrint, handler: s.handleRoomingExport},
		{method: get, path: "/meetings/:code/hotels/:hotel/rooming.xlsx", perm: convene.PermPrint, handler: s.handleRoomingExport},
		{method: get, path: "/meetings/:code/liaison", perm: convene.PermPrint, handler: s.handleLiaison},
		{method: post, path: "/meetings/:code/liaison", perm: convene.PermManageMeetings, handler: s.handleLiaisonCreate},
		{method: post, path: "/meetings/:code/liaison/:id/assign", perm: convene.PermManageMeetings, handler: s.handleLiaisonAssign},
		{method: get, path: "/meetings/:code/arrivals", perm: convene.PermPrint, handler: s.handleArrivals},
		{method: get, path: "/meetings/:code/transfers", perm: convene.PermPrint, handler: s.handleTransfers},
		{method: post, path: "/meetings/:code/transfers/propose", perm: convene.PermManageMeetings, handler: s.handleTransfersPropose},
		{method: post, path: "/meetings/:code/transfers/move", perm: convene.PermManageMeetings, handler: s.handleTransferMove},
		{method: post, path: "/meetings/:code/transfers/:id", perm: convene.PermManageMeetings, handler: s.handleTransferUpdate},
		{method: get, path: "/meetings/:code/transfers/:id/manifest", perm: convene.PermPrint, handler: s.handleTransferManifest},
		{method: get, path: "/meetings/:code/travel/:delegate", perm: convene.PermNominate, handler: s.handleTravelForm},
		{method: post, path: "/meetings/:code/travel/:delegate", perm: convene.PermNominate, handler: s.handleTravelSave},
		{method: get, path: "/meetings/:code/catering", perm: convene.PermPrint, handler: s.handleCatering},

		// Print room and on-site.
		{method: get, path: "/meetings/:code/print", perm: convene.PermPrint, handler: s.handlePrintRoom},
		{method: get, path: "/meetings/:code/badges", perm: convene.PermPrint, handler: s.handleBadges},
		{method: post, path: "/meetings/:code/badges/print", perm: convene.PermPrint, handler: s.handleBadgePrint},
		{method: post, path: "/meetings/:code/badges/collect", perm: convene.PermPrint, handler: s.handleBadgeCollect},
		{method: get, path: "/meetings/:code/badges/sheet", perm: convene.PermPrint, handler: s.handleBadgeSheet},
		{method: get, path: "/meetings/:code/badges/sheet.pdf", perm: convene.PermPrint, handler: s.handleBadgeSheetPDF},
		{method: post, path: "/meetings/:code/badges/:id/reprint", perm: convene.PermManageDelegations, handler: s.handleBadgeReprint},
		{method: post, path: "/meetings/:code/badges/:id/revoke", perm: convene.PermManageDelegations, handler: s.handleBadgeRevoke},
		{method: get, path: "/meetings/:code/check-in", perm: convene.PermPrint, handler: s.handleCheckInDesk},
		{method: post, path: "/meetings/:code/check-in", perm: convene.PermPrint, handler: s.handleCheckIn},
		{method: get, path: "/meetings/:code/programme-book", perm: convene.PermPrint, handler: s.handleProgrammeBook},
		{method: get, path: "/meetings/:code/programme-book.pdf", perm: convene.PermPrint, handler: s.handleProgrammeBookPDF},
		{method: get, path: "/meetings/:code/seating", perm: convene.PermPrint, handler: s.handleSeating},
		{method: get, path: "/meetings/:code/seating.pdf", perm: convene.PermPrint, handler: s.handleSeatingPDF},
		{method: get, path: "/meetings/:code/name-plates", perm: convene.PermPrint, handler: s.handleNamePlates},
		{method: get, path: "/meetings/:code/name-plates.pdf", perm: convene.PermPrint, handler: s.handleNamePlatesPDF},
		{method: get, path: "/meetings/:code/participants", perm: convene.PermPrint, handler: s.handleParticipants},
		{method: get, path: "/meetings/:code/participants.pdf", perm: convene.PermPrint, handler: s.handleParticipantsPDF},
		{method: get, path: "/meetings/:code/participants.csv", perm: convene.PermPrint, handler: s.handleParticipantsCSV},

		// Bilateral meetings.
		{method: get, path: "/meetings/:code/bilaterals", perm: convene.PermViewMeetings, handler: s.handleBilaterals},
		{method: get, path: "/meetings/:code/bilaterals/board", perm: convene.PermPrint, handler: s.handleBilateralBoard},
		{method: get, path: "/meetings/:code/bilaterals/new", perm: convene.PermRequestBilateral, handler: s.handleBilateralNewForm},
		{method: post, path: "/meetings/:code/bilaterals/new", perm: convene.PermRequestBilateral, handler: s.handleBilateralCreate},
		{method: get, path: "/meetings/:code/bilaterals/:id", perm: convene.PermViewMeetings, handler: s.handleBilateral},
		{method: post, path: "/meetings/:code/bilaterals/:id/respond", perm: convene.PermRequestBilateral, handler: s.handleBilateralRespond},
		{method: post, path: "/meetings/:code/bilaterals/:id/schedule", perm: convene.PermManageMeetings, handler: s.handleBilateralSchedule},

		// Benchmark mode.
		{method: get, path: "/bench/baseline", perm: convene.PermPublic, handler: s.handleBenchBaseline},
		{method: get, path: "/bench/render/:code", perm: convene.PermPublic, handler: s.handleBenchRender},
		{method: get, path: "/bench/render/:code/programme", perm: convene.PermPublic, handler: s.handleBenchRenderProgramme},
	}
}

// register installs the middleware and the route table on the router.
// Order matters: the request gets an id and a log line first; panics become
// 500s inside the log line; security headers go on every response including
// errors; the body is capped before anything reads it; then the actor is
// loaded and the CSRF token checked, before any handler runs.
func (s *Server) register() {
	s.routes = s.routeTable()
	limits := map[string]int64{}
	for _, r := range s.routes {
		if r.bodyLimit != 0 {
			limits[r.method+" "+r.path] = r.bodyLimit
		}
	}
	e := s.echo
	e.Use(requestID, s.logRequests, s.recoverPanics, s.secureHeaders, s.limitBody(limits), s.loadActor, s.csrf)
	for _, r := range s.routes {
		e.Add(r.method, r.path, r.handler, authorize(r.perm))
	}
}

// Routes lists the registered routes with their permissions.
func (s *Server) Routes() []RouteInfo {
	out := make([]RouteInfo, len(s.routes))
	for i, r := range s.routes {
		out[i] = RouteInfo{Method: r.method, Path: r.path, Permission: r.perm}
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
// surfacing later as a missing field or token.
func (s *Server) limitBody(perRoute map[string]int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			limit := s.cfg.BodyLimit
			if l, ok := perRoute[r.Method+" "+c.Path()]; ok {
				limit = l
			}
			if r.ContentLength > limit {
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
				if errors.As(err, &tooBig) {
					return echo.ErrStatusRequestEntityTooLarge
				} else if err != nil {
					return echo.NewHTTPError(http.StatusBadRequest)
				}
			}
			return next(c)
		}
	}
}
