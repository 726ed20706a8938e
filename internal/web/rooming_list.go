package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/roster"
	"convene/views"
)

// roomingList selects one hotel's stays, in protocol order of the guests.
func (s *Server) roomingList(c echo.Context) (logistics, convene.Venue, []views.RoomingRow, error) {
	l, err := s.loadLogistics(c, needHotels|needBlocks|needStays)
	if err != nil {
		return l, convene.Venue{}, nil, err
	}
	id, err := pathID(c, "hotel", "Hotel")
	if err != nil {
		return l, convene.Venue{}, nil, err
	}
	var hotel convene.Venue
	for _, h := range l.hotels {
		if h.ID == id {
			hotel = h
		}
	}
	if hotel.ID == 0 {
		return l, hotel, nil, convene.NotFound("Hotel")
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
	return l, hotel, rows, nil
}

// handleRoomingList is a hotel's printable rooming list.
func (s *Server) handleRoomingList(c echo.Context) error {
	l, hotel, rows, err := s.roomingList(c)
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
	l, hotel, rows, err := s.roomingList(c)
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
