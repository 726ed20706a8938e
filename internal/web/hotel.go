package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/internal/rooming"
	"convene/views"
)

// needHotelsPage is what the hotels page reads.
const needHotelsPage = needHotels | needBlocks | needStays | needDelegates

// hotelsPage assembles the hotels page with the two forms as given.
func (l logistics) hotelsPage(blockForm, assignForm views.Form, canEdit bool) templ.Component {
	return views.HotelsPage(l.hotelsData(blockForm, assignForm, canEdit))
}

// hotelsData is what the hotels page shows, with the forms as given and
// the "add a hotel" form as it starts (in the meeting's zone).
func (l logistics) hotelsData(blockForm, assignForm views.Form, canEdit bool) views.HotelsData {
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
	return views.HotelsData{Meeting: l.meeting, Blocks: l.blocks, Stays: l.stays, Hotels: hotels,
		BlockOptions: blocks, People: people, BlockForm: blockForm, AssignForm: assignForm, CanEdit: canEdit,
		Unplaced: l.unplaced(), HotelForm: views.Form{Values: map[string]string{"hotel_time_zone": l.meeting.TimeZone}}}
}

// hotelsForm answers a refused form of the hotels page: the page again,
// 422, with the form as typed (any other error goes on as it is); only then
// is what the page shows read.
func (s *Server) hotelsForm(c echo.Context, m convene.Meeting, err error, f views.Form,
	page func(l logistics, f views.Form) templ.Component) error {
	return s.renderFormOf(c, err, func(f views.Form) (templ.Component, error) {
		l, err := s.logisticsOf(c.Request().Context(), m, needHotelsPage)
		return page(l, f), err
	}, f)
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

// assignDefaults is the room form as it starts: the default stay.
func assignDefaults(m convene.Meeting) views.Form {
	in, out := defaultStay(m)
	return views.Form{Values: map[string]string{"check_in": in.String(), "check_out": out.String()}}
}

func (s *Server) handleHotels(c echo.Context) error {
	l, err := s.loadLogistics(c, needHotelsPage)
	if err != nil {
		return err
	}
	in, out := defaultStay(l.meeting)
	blockForm := views.Form{Values: map[string]string{"rank": "1", "occupancy": "1",
		"first_night": in.String(), "last_night": out.AddDays(-1).String()}}
	return s.render(c, http.StatusOK, l.hotelsPage(blockForm, assignDefaults(l.meeting), s.canManage(c)))
}

// handleRoomBlockCreate adds a block of rooms held at a hotel for some nights.
func (s *Server) handleRoomBlockCreate(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "hotel_id", "room_type", "rank", "occupancy", "room_count",
		"first_night", "last_night", "notes")}
	p := convene.Problems{}
	b := convene.RoomBlock{MeetingID: m.ID, RoomType: f.Get("room_type"), Notes: f.Get("notes")}
	b.HotelID = formID(f.Get("hotel_id"), "hotel_id", "Choose the hotel.", p)
	b.Rank = formInt(f.Get("rank"), "rank", "Enter a rank from 0 (best) to 9.", p)
	b.Occupancy = formInt(f.Get("occupancy"), "occupancy", "Enter how many people may share a room (1 to 4).", p)
	b.RoomCount = formInt(f.Get("room_count"), "room_count", "Enter how many rooms are held (1 to 2000).", p)
	b.FirstNight = formDate(f.Get("first_night"), "first_night", "Enter the first night as YYYY-MM-DD.", p)
	b.LastNight = formDate(f.Get("last_night"), "last_night", "Enter the last night as YYYY-MM-DD.", p)
	if err := b.Validate(); err != nil {
		mergeProblems(p, err)
	}
	err = p.Err()
	if err == nil {
		err = s.db.CreateRoomBlock(c.Request().Context(), &b)
	}
	if err != nil {
		return s.hotelsForm(c, m, err, f, func(l logistics, f views.Form) templ.Component {
			return l.hotelsPage(f, assignDefaults(m), true)
		})
	}
	return s.redirect(c, paths.Hotels(m.Code), fmt.Sprintf("Block of %d %s rooms added.", b.RoomCount, b.RoomType))
}

// handleRoomAssign puts a delegate in a room of a block for some nights.
func (s *Server) handleRoomAssign(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "delegate_id", "block_id", "room_label", "check_in", "check_out")}
	p := convene.Problems{}
	st := convene.Stay{RoomLabel: f.Get("room_label")}
	st.DelegateID = formID(f.Get("delegate_id"), "delegate_id", "Choose the delegate.", p)
	st.BlockID = formID(f.Get("block_id"), "block_id", "Choose one of this meeting's room blocks.", p)
	st.CheckIn = formDate(f.Get("check_in"), "check_in", "Enter the check-in day as YYYY-MM-DD.", p)
	st.CheckOut = formDate(f.Get("check_out"), "check_out", "Enter the check-out day as YYYY-MM-DD.", p)
	if st.BlockID == 0 {
		p.Add("block_id", "Choose one of this meeting's room blocks.")
	}
	if st.DelegateID == 0 {
		p.Add("delegate_id", "Choose the delegate.")
	}
	err = p.Err()
	if err == nil {
		err = s.db.AssignRooms(c.Request().Context(), m.ID, []convene.Stay{st})
	}
	if err != nil {
		return s.hotelsForm(c, m, err, f, func(l logistics, f views.Form) templ.Component {
			return l.hotelsPage(views.Form{}, f, true)
		})
	}
	return s.redirect(c, paths.Hotels(m.Code), "Room assigned.")
}

// handleRoomPropose places every delegate without a room, by seniority, into
// the best block with a room free for their nights, and stores the proposal
// in one transaction. People it cannot place are listed in the flash.
func (s *Server) handleRoomPropose(c echo.Context) error {
	l, err := s.loadLogistics(c, needBlocks|needStays|needDelegates)
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
				return s.redirectError(c, paths.Hotels(l.meeting.Code),
					"The proposal no longer fits the blocks (someone assigned rooms meanwhile); try again.")
			}
			return err
		}
	}
	msg := fmt.Sprintf("%d delegates placed.", len(stays))
	if len(unplaced) > 0 {
		msg += fmt.Sprintf(" %d could not be placed: add rooms to a block.", len(unplaced))
	}
	return s.redirect(c, paths.Hotels(l.meeting.Code), msg)
}

// handleStayRemove releases a delegate's room.
func (s *Server) handleStayRemove(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "delegate", "Room assignment")
	if err != nil {
		return err
	}
	if err := s.db.RemoveStay(c.Request().Context(), m.ID, id); err != nil {
		return err
	}
	return s.redirect(c, paths.Hotels(m.Code), "Room released.")
}
