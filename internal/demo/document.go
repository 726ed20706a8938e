package demo

import (
	"context"
	"fmt"
	"strings"

	"convene/internal/convene"
	"convene/internal/sqlite"
	"convene/internal/stamp"
)

// demoPaper is one of the Retreat's papers: its audience, and the pages of
// its PDF (generated, so the bytes are the same on every run).
type demoPaper struct {
	doc     convene.Document
	named   []string // ISO3 codes of a named-delegations paper
	pages   [][]string
	changes string // when set, a second version is uploaded with this note
}

// demoPapers are the ADMM Retreat 2025's papers, one per audience: a
// public agenda, a concept paper for all delegations (in two versions), a
// draft joint declaration for heads of delegation only, a note for three
// named delegations and a note for the secretariat only.
var demoPapers = []demoPaper{
	{doc: convene.Document{Title: "Provisional Agenda of the ADMM Retreat", Reference: "ADMM/RET/2025/01",
		Kind: convene.DocAgenda, Audience: convene.AudiencePublic},
		pages: [][]string{{"1. Opening remarks by the Chair", "2. Adoption of the agenda", "3. Exchange of views on regional and",
			"   international security issues", "4. ADMM and ADMM-Plus cooperation", "5. Other matters"}}},
	{doc: convene.Document{Title: "Concept Paper: ASEAN Defence Cooperation for Regional Resilience", Reference: "ADMM/RET/2025/02",
		Kind: convene.DocConceptPaper, Audience: convene.AudienceDelegations},
		pages: [][]string{{"Background", "The ADMM Retreat offers Ministers an informal setting ..."},
			{"Proposed areas of cooperation", "Humanitarian assistance and disaster relief; maritime security."}},
		changes: "Section 3 revised after comments from the ADSOM Working Group."},
	{doc: convene.Document{Title: "Draft Joint Declaration of the ASEAN Defence Ministers", Reference: "ADMM/RET/2025/03",
		Kind: convene.DocDraftDeclaration, Audience: convene.AudienceHeads},
		pages: [][]string{{"WE, the Defence Ministers of the Member States of ASEAN,", "REAFFIRMING ...", "DRAFT - for heads of delegation only"}}},
	{doc: convene.Document{Title: "Information Note on the Maritime Security Table-Top Exercise", Reference: "ADMM/RET/2025/04",
		Kind: convene.DocInformationNote, Audience: convene.AudienceNamed},
		named: []string{"IDN", "PHL", "THA"},
		pages: [][]string{{"For the delegations taking part in the table-top exercise.", "Scenario, timings and points of contact."}}},
	{doc: convene.Document{Title: "Secretariat Note on Seating and Protocol", Reference: "ADMM/RET/2025/05",
		Kind: convene.DocReport, Audience: convene.AudienceSecretariat},
		pages: [][]string{{"Seating of Ministers in protocol order at the Retreat Room.", "Not for circulation."}}},
}

// loadDocuments uploads the Retreat's papers through the upload page's
// store methods.
func loadDocuments(ctx context.Context, s Store, retreat *convene.Meeting, countryID map[string]int64) error {
	for _, p := range demoPapers {
		doc := p.doc
		doc.MeetingID = retreat.ID
		for _, iso := range p.named {
			doc.Named = append(doc.Named, countryID[iso])
		}
		f := sqlite.UploadedFile{Name: strings.ReplaceAll(doc.Reference, "/", "-") + ".pdf",
			Content: stamp.Minimal(doc.Title, p.pages...)}
		if err := s.CreateDocument(ctx, &doc, f); err != nil {
			return fmt.Errorf("%s: %w", doc.Title, err)
		}
		if p.changes != "" {
			pages := append([][]string{{"Version 2", p.changes}}, p.pages...)
			f.Content = stamp.Minimal(doc.Title, pages...)
			if _, err := s.AddDocumentVersion(ctx, retreat.ID, doc.ID, p.changes, f); err != nil {
				return fmt.Errorf("%s, version 2: %w", doc.Title, err)
			}
		}
	}
	return nil
}

// loadNoteVerbales gives every delegation of the Retreat and of the ADSOM
// Working Group the Note Verbale confirming its composition (a generated
// one-page PDF), through the Note Verbale page's store method.
func loadNoteVerbales(ctx context.Context, s Store, meetings ...*convene.Meeting) error {
	for _, m := range meetings {
		gs, err := s.DelegationsOf(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, g := range gs {
			pdf := stamp.Minimal("Note Verbale", []string{"The Ministry of Defence of " + g.Country.Name + " presents its compliments",
				"to the Host Secretariat of the " + m.Title + " and has the honour to confirm",
				"the composition of its delegation as registered in Convene."})
			if err := s.SetNoteVerbale(ctx, m.ID, g.ID, sqlite.UploadedFile{Name: "note-verbale-" + strings.ToLower(g.Country.ISO3) + ".pdf",
				Content: pdf}); err != nil {
				return fmt.Errorf("the note verbale of %s at %s: %w", g.Country.Name, m.Code, err)
			}
		}
	}
	return nil
}
