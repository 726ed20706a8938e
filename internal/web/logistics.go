package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/rooming"
	"convene/internal/roster"
	"convene/views"
)

// logistics is everything the logistics pages of one meeting read, loaded
// once per request.
type logistics struct {
	meeting     convene.Meeting
	hotels      []convene.Venue
	blocks      []convene.RoomBlock
	stays       []convene.Stay
	delegates   []convene.Delegate // expected at the meeting, protocol order
	delegations []convene.Delegation
	officers    []convene.LiaisonOfficer
}

func (s *Server) loadLogistics(c echo.Context) (logistics, error) {
	ctx := c.Request().Context()
	var l logistics
	var err error
	if l.meeting, err = s.db.FindMeetingByCode(ctx, c.Param("code")); err != nil {
		return l, err
	}
	if l.hotels, err = s.db.FindHotels(ctx); err != nil {
		return l, err
	}
	if l.blocks, err = s.db.FindRoomBlocks(ctx, l.meeting.ID); err != nil {
		return l, err
	}
	if l.stays, err = s.db.FindStays(ctx, l.meeting.ID); err != nil {
		return l, err
	}
	all, _, err := s.db.FindDelegates(ctx, convene.DelegateFilter{MeetingID: l.meeting.ID, Limit: 1000})
	if err != nil {
		return l, err
	}
	for _, p := range all {
		if p.Status.HoldsPlace() {
			l.delegates = append(l.delegates, p)
		}
	}
	byID := map[int64]convene.Delegate{}
	for _, p := range all {
		byID[p.ID] = p
	}
	for i := range l.stays {
		l.stays[i].Delegate = byID[l.stays[i].DelegateID]
	}
	if l.delegations, err = s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: l.meeting.ID}); err != nil {
		return l, err
	}
	if l.officers, err = s.db.FindLiaisonOfficers(ctx, l.meeting.ID); err != nil {
		return l, err
	}
	return l, nil
}

// dashboard builds the logistics dashboard's figures and problem list.
func (l logistics) dashboard() views.LogisticsDashboard {
	d := views.LogisticsDashboard{Meeting: l.meeting, Officers: l.officers}
	staying := map[int64]convene.Stay{}
	for _, st := range l.stays {
		staying[st.DelegateID] = st
	}
	for _, b := range l.blocks {
		var mine []convene.Stay
		for _, st := range l.stays {
			if st.BlockID == b.ID {
				mine = append(mine, st)
			}
		}
		used := convene.BlockUsage(mine)
		row := views.BlockNights{Block: b}
		for n := b.FirstNight; !n.After(b.LastNight); n = n.AddDays(1) {
			row.Nights = append(row.Nights, views.NightUse{Night: n, Used: used[n], Free: b.RoomCount - used[n]})
			if used[n] > b.RoomCount {
				d.Problems = append(d.Problems, fmt.Sprintf("%s, %s: %d rooms used on the night of %s but only %d held.",
					b.HotelName, b.RoomType, used[n], n.Long(), b.RoomCount))
			}
		}
		d.Blocks = append(d.Blocks, row)
	}
	meals := map[string]int{}
	for _, p := range l.delegates {
		diet := p.Dietary
		if diet == "" {
			diet = "none"
		}
		meals[diet]++
		if _, ok := staying[p.ID]; !ok {
			d.Problems = append(d.Problems, fmt.Sprintf("%s (%s) has no hotel room.", p.DisplayName(), p.Country.Name))
		}
	}
	for _, diet := range convene.DietaryChoices {
		d.Meals = append(d.Meals, views.LabelCount{Label: convene.DietaryLabel(diet, ""), Count: meals[diet]})
	}
	d.Expected = len(l.delegates)
	covered := map[int64]bool{}
	for _, o := range l.officers {
		covered[o.DelegationID] = true
	}
	for _, g := range l.delegations {
		if !covered[g.ID] {
			d.Problems = append(d.Problems, fmt.Sprintf("The delegation of %s has no liaison officer.", g.Country.Name))
		}
	}
	return d
}

func (s *Server) handleLogistics(c echo.Context) error {
	t, err := s.loadTravel(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.LogisticsPage(t.dashboard()))
}

// hotelsPage assembles the hotels page with the two forms as given.
func (l logistics) hotelsPage(blockForm, assignForm views.Form, canEdit bool) templ.Component {
	hotels := []views.Option{{Value: "", Label: "Choose a hotel"}}
	for _, h := range l.hotels {
		hotels = append(hotels, views.Option{Value: strconv.FormatInt(h.ID, 10), Label: h.Name})
	}
	blocks := []views.Option{{Value: "", Label: "Choose a room block"}}
	for _, b := range l.blocks {
		blocks = append(blocks, views.Option{Value: strconv.FormatInt(b.ID, 10), Label: b.HotelName + ": " + b.RoomType})
	}
	people := []views.Option{{Value: "", Label: "Choose a delegate"}}
	for _, p := range l.delegates {
		people = append(people, views.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Country.ISO3 + " · " + p.DisplayName()})
	}
	return views.HotelsPage(views.HotelsData{Meeting: l.meeting, Blocks: l.blocks, Stays: l.stays, Hotels: hotels,
		BlockOptions: blocks, People: people, BlockForm: blockForm, AssignForm: assignForm, CanEdit: canEdit,
		Unplaced: l.unplaced()})
}

// unplaced lists expected delegates without a room, in protocol order.
func (l logistics) unplaced() []convene.Delegate {
	has := map[int64]bool{}
	for _, st := range l.stays {
		has[st.DelegateID] = true
	}
	var out []convene.Delegate
	for _, p := range l.delegates {
		if !has[p.ID] {
			out = append(out, p)
		}
	}
	return out
}

// defaultStay is the stay the forms suggest: the night before the meeting
// to the morning after it ends, the usual span for a delegation.
func defaultStay(m convene.Meeting) (convene.Date, convene.Date) {
	return m.StartDate.AddDays(-1), m.EndDate.AddDays(1)
}

func (s *Server) handleHotels(c echo.Context) error {
	l, err := s.loadLogistics(c)
	if err != nil {
		return err
	}
	in, out := defaultStay(l.meeting)
	blockForm := views.Form{Values: map[string]string{"rank": "1", "occupancy": "1",
		"first_night": in.String(), "last_night": out.AddDays(-1).String()}}
	assignForm := views.Form{Values: map[string]string{"check_in": in.String(), "check_out": out.String()}}
	return s.render(c, http.StatusOK, l.hotelsPage(blockForm, assignForm, s.canManage(c)))
}

func (s *Server) canManage(c echo.Context) bool {
	return convene.Allow(actor(c).Role, convene.PermManageMeetings)
}

// formInt parses an integer field; a bad one is a field problem.
func formInt(v, field, msg string, p convene.Problems) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		p.Add(field, msg)
	}
	return n
}

// formDate parses a YYYY-MM-DD field; a bad one is a field problem.
func formDate(v, field, msg string, p convene.Problems) convene.Date {
	d, err := convene.ParseDate(v)
	if err != nil {
		p.Add(field, msg)
	}
	return d
}

// mergeProblems adds a validation error's field messages to p.
func mergeProblems(p convene.Problems, err error) {
	for k, v := range convene.ErrorFields(err) {
		p.Add(k, v)
	}
}

func (s *Server) handleRoomBlockCreate(c echo.Context) error {
	l, err := s.loadLogistics(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "hotel_id", "room_type", "rank", "occupancy", "room_count",
		"first_night", "last_night", "notes")}
	in, out := defaultStay(l.meeting)
	assign := views.Form{Values: map[string]string{"check_in": in.String(), "check_out": out.String()}}
	page := func(f views.Form) templ.Component { return l.hotelsPage(f, assign, true) }

	p := convene.Problems{}
	b := convene.RoomBlock{MeetingID: l.meeting.ID, RoomType: f.Get("room_type"), Notes: f.Get("notes")}
	b.HotelID, _ = strconv.ParseInt(f.Get("hotel_id"), 10, 64)
	b.Rank = formInt(f.Get("rank"), "rank", "Enter a rank from 0 (best) to 9.", p)
	b.Occupancy = formInt(f.Get("occupancy"), "occupancy", "Enter how many people may share a room (1 to 4).", p)
	b.RoomCount = formInt(f.Get("room_count"), "room_count", "Enter how many rooms are held (1 to 2000).", p)
	b.FirstNight = formDate(f.Get("first_night"), "first_night", "Enter the first night as YYYY-MM-DD.", p)
	b.LastNight = formDate(f.Get("last_night"), "last_night", "Enter the last night as YYYY-MM-DD.", p)
	if err := b.Validate(); err != nil {
		mergeProblems(p, err)
	}
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	if err := s.db.CreateRoomBlock(c.Request().Context(), &b); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, "/meetings/"+l.meeting.Code+"/hotels",
		fmt.Sprintf("Block of %d %s rooms added.", b.RoomCount, b.RoomType))
}

func (s *Server) handleRoomAssign(c echo.Context) error {
	l, err := s.loadLogistics(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "delegate_id", "block_id", "room_label", "check_in", "check_out")}
	page := func(f views.Form) templ.Component { return l.hotelsPage(views.Form{}, f, true) }
	p := convene.Problems{}
	st := convene.Stay{RoomLabel: f.Get("room_label")}
	st.DelegateID, _ = strconv.ParseInt(f.Get("delegate_id"), 10, 64)
	st.BlockID, _ = strconv.ParseInt(f.Get("block_id"), 10, 64)
	st.CheckIn = formDate(f.Get("check_in"), "check_in", "Enter the check-in day as YYYY-MM-DD.", p)
	st.CheckOut = formDate(f.Get("check_out"), "check_out", "Enter the check-out day as YYYY-MM-DD.", p)
	if st.BlockID == 0 {
		p.Add("block_id", "Choose one of this meeting's room blocks.")
	}
	if st.DelegateID == 0 {
		p.Add("delegate_id", "Choose the delegate.")
	}
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	if err := s.db.AssignRooms(c.Request().Context(), l.meeting.ID, []convene.Stay{st}); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, "/meetings/"+l.meeting.Code+"/hotels", "Room assigned.")
}

// handleRoomPropose places every delegate without a room, by seniority, into
// the best block with a room free for their nights, and stores the proposal
// in one transaction. People it cannot place are listed in the flash.
func (s *Server) handleRoomPropose(c echo.Context) error {
	l, err := s.loadLogistics(c)
	if err != nil {
		return err
	}
	blocks := make([]rooming.Block, len(l.blocks))
	for i, b := range l.blocks {
		blocks[i] = rooming.Block{ID: b.ID, Hotel: b.HotelName, RoomType: b.RoomType, Rank: b.Rank,
			Count: b.RoomCount, First: b.FirstNight, Last: b.LastNight}
	}
	in, out := defaultStay(l.meeting)
	var guests []rooming.Guest
	stayOf := map[int64]convene.Stay{}
	for _, st := range l.stays {
		stayOf[st.DelegateID] = st
	}
	for _, p := range l.delegates {
		g := rooming.Guest{DelegateID: p.ID, Name: p.DisplayName(), Key: p.Key(), CheckIn: in, CheckOut: out}
		if st, ok := stayOf[p.ID]; ok {
			g.CheckIn, g.CheckOut = st.CheckIn, st.CheckOut
		}
		guests = append(guests, g)
	}
	existing := make([]rooming.Assignment, 0, len(l.stays))
	for _, st := range l.stays {
		existing = append(existing, rooming.Assignment{DelegateID: st.DelegateID, BlockID: st.BlockID})
	}
	proposed, unplaced, err := rooming.Propose(blocks, guests, existing)
	if err != nil {
		return err
	}
	var stays []convene.Stay
	for _, a := range proposed {
		if _, had := stayOf[a.DelegateID]; had {
			continue
		}
		stays = append(stays, convene.Stay{DelegateID: a.DelegateID, BlockID: a.BlockID, CheckIn: in, CheckOut: out})
	}
	if len(stays) > 0 {
		if err := s.db.AssignRooms(c.Request().Context(), l.meeting.ID, stays); err != nil {
			if convene.ErrorCode(err) == convene.EINVALID {
				_ = s.flash(c, "error", "The proposal no longer fits the blocks (someone assigned rooms meanwhile); try again.")
				return c.Redirect(http.StatusSeeOther, "/meetings/"+l.meeting.Code+"/hotels")
			}
			return err
		}
	}
	msg := fmt.Sprintf("%d delegates placed.", len(stays))
	if len(unplaced) > 0 {
		msg += fmt.Sprintf(" %d could not be placed: add rooms to a block.", len(unplaced))
	}
	return s.redirect(c, "/meetings/"+l.meeting.Code+"/hotels", msg)
}

func (s *Server) handleStayRemove(c echo.Context) error {
	l, err := s.loadLogistics(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "delegate", "Room assignment")
	if err != nil {
		return err
	}
	if err := s.db.RemoveStay(c.Request().Context(), l.meeting.ID, id); err != nil {
		return err
	}
	return s.redirect(c, "/meetings/"+l.meeting.Code+"/hotels", "Room released.")
}

// roomingList selects one hotel's stays, in protocol order of the guests.
func (l logistics) roomingList(c echo.Context) (convene.Venue, []views.RoomingRow, error) {
	id, err := pathID(c, "hotel", "Hotel")
	if err != nil {
		return convene.Venue{}, nil, err
	}
	var hotel convene.Venue
	for _, h := range l.hotels {
		if h.ID == id {
			hotel = h
		}
	}
	if hotel.ID == 0 {
		return hotel, nil, convene.NotFound("Hotel")
	}
	blocks := map[int64]convene.RoomBlock{}
	for _, b := range l.blocks {
		if b.HotelID == id {
			blocks[b.ID] = b
		}
	}
	var rows []views.RoomingRow
	for _, st := range l.stays {
		if b, ok := blocks[st.BlockID]; ok {
			rows = append(rows, views.RoomingRow{Stay: st, Block: b})
		}
	}
	convene.SortByProtocol(rows, func(r views.RoomingRow) convene.ProtocolKey { return r.Stay.Delegate.Key() })
	return hotel, rows, nil
}

func (s *Server) handleRoomingList(c echo.Context) error {
	l, err := s.loadLogistics(c)
	if err != nil {
		return err
	}
	hotel, rows, err := l.roomingList(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.RoomingListPage(l.meeting, hotel, rows))
}

// roomingRows is a hotel's rooming list as a table for its front desk: names,
// nights and dietary needs; never passport or medical data.
func roomingRows(rows []views.RoomingRow) [][]string {
	out := [][]string{{"Guest", "Country", "Position", "Room type", "Room", "Check-in", "Check-out", "Nights", "Dietary"}}
	for _, r := range rows {
		p := r.Stay.Delegate
		out = append(out, []string{p.DisplayName(), p.Country.Name, p.Position, r.Block.RoomType, r.Stay.RoomLabel,
			r.Stay.CheckIn.String(), r.Stay.CheckOut.String(), strconv.Itoa(r.Stay.CheckIn.DaysUntil(r.Stay.CheckOut)),
			convene.DietaryLabel(p.Dietary, p.DietaryOther)})
	}
	return out
}

// handleRoomingExport gives the hotel's front desk the rooming list as CSV
// or XLSX, by the path's extension.
func (s *Server) handleRoomingExport(c echo.Context) error {
	l, err := s.loadLogistics(c)
	if err != nil {
		return err
	}
	hotel, rows, err := l.roomingList(c)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	name := fmt.Sprintf("rooming-%s-%d", l.meeting.Code, hotel.ID)
	if strings.HasSuffix(c.Path(), ".xlsx") {
		h.Set(echo.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`.xlsx"`)
		c.Response().WriteHeader(http.StatusOK)
		return roster.WriteTableXLSX(c.Response(), "Rooming list: "+hotel.Name, "Rooming list", roomingRows(rows))
	}
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	return roster.WriteTableCSV(c.Response(), roomingRows(rows))
}

func (s *Server) liaisonPage(l logistics, f views.Form, canEdit bool) templ.Component {
	opts := []views.Option{{Value: "", Label: "Not assigned"}}
	for _, g := range l.delegations {
		opts = append(opts, views.Option{Value: strconv.FormatInt(g.ID, 10), Label: g.Country.Name})
	}
	return views.LiaisonPage(l.meeting, l.officers, l.delegations, opts, f, canEdit)
}

func (s *Server) handleLiaison(c echo.Context) error {
	l, err := s.loadLogistics(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, s.liaisonPage(l, views.Form{}, s.canManage(c)))
}

func (s *Server) handleLiaisonCreate(c echo.Context) error {
	l, err := s.loadLogistics(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "name", "mobile", "email", "languages", "delegation_id", "notes")}
	page := func(f views.Form) templ.Component { return s.liaisonPage(l, f, true) }
	o := convene.LiaisonOfficer{MeetingID: l.meeting.ID, Name: f.Get("name"), Mobile: f.Get("mobile"),
		Email: f.Get("email"), Languages: f.Get("languages"), Notes: f.Get("notes")}
	o.DelegationID, _ = strconv.ParseInt(f.Get("delegation_id"), 10, 64)
	if err := s.db.CreateLiaisonOfficer(c.Request().Context(), &o); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, "/meetings/"+l.meeting.Code+"/liaison", "Liaison officer "+o.Name+" added.")
}

func (s *Server) handleLiaisonAssign(c echo.Context) error {
	l, err := s.loadLogistics(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Liaison officer")
	if err != nil {
		return err
	}
	g, _ := strconv.ParseInt(c.FormValue("delegation_id"), 10, 64)
	if err := s.db.AssignLiaisonOfficer(c.Request().Context(), l.meeting.ID, id, g); err != nil {
		if convene.ErrorCode(err) == convene.EINVALID {
			_ = s.flash(c, "error", "Choose one of this meeting's delegations.")
			return c.Redirect(http.StatusSeeOther, "/meetings/"+l.meeting.Code+"/liaison")
		}
		return err
	}
	return s.redirect(c, "/meetings/"+l.meeting.Code+"/liaison", "Liaison officer assigned.")
}
