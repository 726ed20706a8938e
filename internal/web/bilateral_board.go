package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// handleBilateralBoard is the printable board of scheduled bilaterals, by
// time and room, with both delegations' liaison officers.
func (s *Server) handleBilateralBoard(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	bs, err := s.db.FindBilaterals(ctx, m.ID)
	if err != nil {
		return err
	}
	officers, err := s.db.FindLiaisonOfficers(ctx, m.ID)
	if err != nil {
		return err
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	board := views.BilateralBoard{Meeting: m, Zone: views.ZoneLabel(m), Matrix: bilateralMatrix(gs, bs)}
	for _, b := range bs {
		switch {
		case b.Booked():
			board.Rows = append(board.Rows, bilateralRow(m, b, officers))
		case b.Status == convene.BilateralRequested || b.Status == convene.BilateralAccepted ||
			b.Status == convene.BilateralCounterProposed:
			board.Pending++
		}
	}
	return s.render(c, http.StatusOK, views.BilateralBoardPage(board))
}

// matrixMarks are the one-letter marks of the matrix, by status.
var matrixMarks = map[convene.BilateralStatus]string{
	convene.BilateralRequested: "R", convene.BilateralCounterProposed: "C", convene.BilateralAccepted: "A",
	convene.BilateralScheduled: "S", convene.BilateralHeld: "H", convene.BilateralDeclined: "D",
	convene.BilateralCancelled: "X",
}

// bilateralMatrix lays the meeting's bilaterals out delegations by
// delegations, in the protocol order the store returns delegations in
// (sorted again through convene.SortByProtocol so the matrix never depends
// on a query's ORDER BY). A pair with several requests shows the one still
// alive (not declined or cancelled) if any, else the latest.
func bilateralMatrix(gs []convene.Delegation, bs []convene.Bilateral) views.BilateralMatrix {
	gs = append([]convene.Delegation(nil), gs...)
	convene.SortByProtocol(gs, convene.Delegation.Key)
	pos := map[int64]int{}
	var mx views.BilateralMatrix
	for i, g := range gs {
		pos[g.ID] = i
		mx.Codes = append(mx.Codes, g.Country.ISO3)
		mx.Names = append(mx.Names, g.Country.Name)
	}
	mx.Cells = make([][]views.MatrixCell, len(gs))
	for i := range mx.Cells {
		mx.Cells[i] = make([]views.MatrixCell, len(gs))
	}
	alive := func(st convene.BilateralStatus) bool {
		return st != convene.BilateralDeclined && st != convene.BilateralCancelled
	}
	chosen := map[[2]int]convene.Bilateral{}
	for _, b := range bs {
		i, ok1 := pos[b.RequesterID]
		j, ok2 := pos[b.CounterpartID]
		if !ok1 || !ok2 {
			continue
		}
		k := [2]int{min(i, j), max(i, j)}
		if old, had := chosen[k]; had && alive(old.Status) && (!alive(b.Status) || old.ID > b.ID) {
			continue
		}
		chosen[k] = b
	}
	for k, b := range chosen {
		c := views.MatrixCell{Mark: matrixMarks[b.Status], Title: b.Title() + ": " + b.Status.Label()}
		mx.Cells[k[0]][k[1]], mx.Cells[k[1]][k[0]] = c, c
	}
	return mx
}
