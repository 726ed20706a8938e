package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/internal/roster"
	"convene/views"
)

// participants is the printable list of participants in protocol order:
// with ?final=1 the accredited only, else everyone still expected.
var participants = document{file: "participants", pdf: func(code string) string { return paths.ParticipantsPDF(code, false) },
	build: func(s *Server, c echo.Context, m convene.Meeting, doc views.PrintDoc) (templ.Component, error) {
		d, err := s.participants(c, m, doc)
		return views.ParticipantsPage(d), err
	}}

func (s *Server) handleParticipants(c echo.Context) error {
	return s.serveDocument(c, participants, false)
}
func (s *Server) handleParticipantsPDF(c echo.Context) error {
	return s.serveDocument(c, participants, true)
}

// participants builds the list (the store returns delegates in protocol
// order, observers last).
func (s *Server) participants(c echo.Context, m convene.Meeting, doc views.PrintDoc) (views.ParticipantsData, error) {
	final := c.QueryParam("final") == "1"
	doc.Title = "List of participants (provisional)"
	if final {
		doc.Title = "List of participants"
	}
	d := views.ParticipantsData{Doc: doc, Final: final}
	all, _, err := s.db.FindDelegates(c.Request().Context(), convene.DelegateFilter{MeetingID: m.ID, Limit: 1000})
	if err != nil {
		return d, err
	}
	for _, p := range all {
		if final && p.Status != convene.RegAccredited || !final && !p.Status.HoldsPlace() {
			continue
		}
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Country.ID != p.Country.ID {
			d.Groups = append(d.Groups, views.ParticipantGroup{Country: p.Country})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.People = append(g.People, p)
		d.Count++
	}
	return d, nil
}

// handleParticipantsCSV sends the list as CSV for spreadsheets and mail
// merges: names, positions and roles only, never personal data.
func (s *Server) handleParticipantsCSV(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	d, err := s.participants(c, m, views.PrintDoc{Meeting: m})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeParticipantsCSV(&buf, d); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="participants-%s.csv"`, m.Code))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

func writeParticipantsCSV(w io.Writer, d views.ParticipantsData) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"Order", "Country", "Observer", "Honorific", "Name", "Position", "Role", "Status"})
	i := 0
	for _, g := range d.Groups {
		for _, p := range g.People {
			i++
			obs := "no"
			if g.Country.Observer {
				obs = "yes"
			}
			name := strings.TrimSpace(p.BadgeName)
			if name == "" {
				name = p.FullName()
			}
			_ = cw.Write([]string{strconv.Itoa(i), g.Country.Name, obs, roster.Neutralize(p.Honorific), roster.Neutralize(name),
				roster.Neutralize(p.Position), p.Role.Label(), p.Status.Label()})
		}
	}
	cw.Flush()
	return cw.Error()
}
