package web

import (
	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// namePlates is the printable country name plates in protocol order, or
// with ?kind=heads a place card for each head of delegation.
var namePlates = document{file: "name-plates", pdf: paths.NamePlatesPDF, build: (*Server).namePlates}

func (s *Server) handleNamePlates(c echo.Context) error { return s.serveDocument(c, namePlates, false) }
func (s *Server) handleNamePlatesPDF(c echo.Context) error {
	return s.serveDocument(c, namePlates, true)
}

func (s *Server) namePlates(c echo.Context, m convene.Meeting, doc views.PrintDoc) (templ.Component, error) {
	ctx := c.Request().Context()
	doc.Title = "Name plates"
	d := views.NamePlatesData{Doc: doc}
	if c.QueryParam("kind") == "heads" {
		d.Doc.Title = "Place cards"
		people, err := s.accredited(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range people {
			if p.Role == convene.RoleHead {
				d.Plates = append(d.Plates, views.NamePlate{Country: p.Country.Name, Name: p.DisplayName()})
			}
		}
		return views.NamePlatesPage(d), nil
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		d.Plates = append(d.Plates, views.NamePlate{Country: g.Country.Name})
	}
	return views.NamePlatesPage(d), nil
}
