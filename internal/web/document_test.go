package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/internal/sqlite"
	"convene/internal/stamp"
)

const retreatCode = "admm-retreat-2025"

// retreatDocs returns the Retreat's papers by title, as the secretariat
// sees them.
func retreatDocs(t *testing.T, app *testApp) (convene.Meeting, map[string]convene.Document) {
	t.Helper()
	m, err := app.db.FindMeetingByCode(t.Context(), retreatCode)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := app.db.FindDocuments(t.Context(), m.ID, convene.DocumentReader{Secretariat: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]convene.Document{}
	for _, d := range docs {
		out[string(d.Audience)+":"+d.Title] = d
	}
	return m, out
}

// delegateClient creates a delegate account for a person of the Retreat
// and signs it in.
func delegateClient(t *testing.T, app *testApp, given, email string) *client {
	t.Helper()
	p := app.findPerson(retreatCode, given)
	if err := app.db.CreateUser(t.Context(), &convene.User{Email: email, Name: p.FullName(), Role: convene.RoleDelegate,
		CountryID: p.Country.ID, DelegateID: p.ID, PasswordHash: testHash}); err != nil {
		t.Fatal(err)
	}
	c := app.client()
	c.signIn(email, testPassword)
	return c
}

// stampText is a PDF's text as poppler's pdftotext reads it (test.sh
// installs poppler-utils), whitespace removed: extraction may split words.
func stampText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is missing (poppler-utils)")
		}
		t.Skip("pdftotext is missing (poppler-utils): ./test.sh installs it")
	}
	text, _ := pdfText(t, pdf, "document.pdf")
	return strings.ReplaceAll(text, " ", "")
}

// TestDocumentAudienceMatrix downloads every paper of the Retreat (one per
// audience, plus a named-delegations paper for Viet Nam) as every kind of
// reader: the head of Viet Nam's delegation, its alternate (a delegate),
// Viet Nam's and Thailand's focal points, an organiser, an officer and a
// visitor. Each gets exactly the papers its audience allows, on the
// Documents page and by download; every other answers 404 with the very
// bytes of a paper that does not exist.
func TestDocumentAudienceMatrix(t *testing.T) {
	app := newTestApp(t)
	m, docs := retreatDocs(t, app)
	vnm, err := app.db.FindCountryByISO3(t.Context(), "VNM")
	if err != nil {
		t.Fatal(err)
	}
	mine := convene.Document{MeetingID: m.ID, Title: "Note for Viet Nam", Kind: convene.DocInformationNote,
		Audience: convene.AudienceNamed, Named: []int64{vnm.ID}}
	if err := app.db.CreateDocument(t.Context(), &mine, sqlite.UploadedFile{Name: "vn.pdf",
		Content: stamp.Minimal("Note for Viet Nam")}); err != nil {
		t.Fatal(err)
	}
	docs["named:"+mine.Title] = mine
	if len(docs) != 6 {
		t.Fatalf("want the 5 demo papers and Viet Nam's, got %d", len(docs))
	}
	focalTHA := app.client()
	focalTHA.signIn("focal.tha@demo.test", testPassword)
	readers := []struct {
		name string
		c    *client
		sees string // the audiences it reads, the named ones by title
	}{
		{"head of Viet Nam's delegation", delegateClient(t, app, "Quốc Bình", "head.vnm@demo.test"), "public delegations heads Note for Viet Nam"},
		{"Viet Nam's alternate head", delegateClient(t, app, "Thị Ánh", "alternate.vnm@demo.test"), "public delegations Note for Viet Nam"},
		{"Viet Nam's focal point", app.as(convene.RoleFocal), "public delegations Note for Viet Nam"},
		{"Thailand's focal point", focalTHA, "public delegations Maritime"},
		{"organiser", app.as(convene.RoleOrganiser), "public delegations"},
		{"officer", app.as(convene.RoleOfficer), "public delegations heads secretariat Maritime Note for Viet Nam"},
		{"visitor", app.as(convene.RoleAnonymous), "public"},
	}
	checks, hidden := 0, 0
	for _, r := range readers {
		// The 404 of a paper that does not exist, as this reader gets it
		// (the page names who is signed in).
		missingResp, missingBody := r.c.get(paths.DocumentFile(retreatCode, 999999, 1))
		if missingResp.StatusCode != http.StatusNotFound {
			t.Fatalf("a missing paper: status %d", missingResp.StatusCode)
		}
		_, page := r.c.get(paths.Documents(retreatCode))
		for key, d := range docs {
			want := strings.Contains(r.sees, string(d.Audience)) ||
				(d.Audience == convene.AudienceNamed && (strings.Contains(d.Title, "Maritime") && strings.Contains(r.sees, "Maritime") ||
					d.Title == mine.Title && strings.Contains(r.sees, mine.Title)))
			if d.Audience == convene.AudienceNamed && !strings.Contains(r.sees, "Maritime") && strings.Contains(d.Title, "Maritime") {
				want = false
			}
			resp, body := r.c.get(paths.DocumentFile(retreatCode, d.ID, 1))
			checks++
			if want {
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s downloading %s: status %d, want 200", r.name, key, resp.StatusCode)
				}
			} else {
				hidden++
				if resp.StatusCode != missingResp.StatusCode || body != missingBody {
					t.Errorf("%s downloading %s: status %d, want the 404 of a missing paper byte for byte", r.name, key, resp.StatusCode)
				}
				if r.c != readers[6].c {
					resp, body := r.c.get(paths.Document(retreatCode, d.ID))
					_, missing := r.c.get(paths.Document(retreatCode, 999999))
					if resp.StatusCode != http.StatusNotFound || body != missing {
						t.Errorf("%s opening %s: status %d, want the 404 of a missing paper", r.name, key, resp.StatusCode)
					}
				}
			}
			if r.c != readers[6].c && strings.Contains(page, d.Title) != want {
				t.Errorf("%s: Documents page lists %s = %v, want %v", r.name, key, !want, want)
			}
		}
	}
	// My programme lists the delegate's own papers: the head's shows the
	// draft declaration, the alternate's does not.
	for i, want := range []bool{true, false} {
		resp, body := readers[i].c.get(paths.MyProgramme())
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="meeting-papers"`) ||
			strings.Contains(body, "Draft Joint Declaration") != want || !strings.Contains(body, "Provisional Agenda") {
			t.Errorf("%s: My programme lists the heads-only paper = %v, want %v (status %d)", readers[i].name, !want, want, resp.StatusCode)
		}
	}
	fmt.Printf("document audiences: %d reader×paper downloads, %d answered 404 like a missing paper\n", checks, hidden)
}

// TestRestrictedPDFStampedAndRecorded downloads the concept paper (all
// delegations) as Viet Nam's focal point at a fixed time: every page names
// Viet Nam and the time, the headers make it an attachment that is not
// sniffed, and the download is recorded and shown to the secretariat. The
// public agenda is served as uploaded.
func TestRestrictedPDFStampedAndRecorded(t *testing.T) {
	app := newTestApp(t)
	app.db.Now = func() time.Time { return time.Date(2025, 2, 4, 2, 15, 0, 0, time.UTC) }
	defer func() { app.db.Now = time.Now }()
	m, docs := retreatDocs(t, app)
	concept := docs["delegations:Concept Paper: ASEAN Defence Cooperation for Regional Resilience"]
	agenda := docs["public:Provisional Agenda of the ADMM Retreat"]
	if concept.ID == 0 || agenda.ID == 0 || len(concept.Versions) != 2 {
		t.Fatalf("demo papers missing: %+v", docs)
	}
	focal := app.as(convene.RoleFocal)
	for i := 0; i < 2; i++ {
		resp, body := focal.get(paths.DocumentFile(retreatCode, concept.ID, 2))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("download: status %d", resp.StatusCode)
		}
		if ct, cd, ns := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"), resp.Header.Get("X-Content-Type-Options"); ct != "application/pdf" || !strings.HasPrefix(cd, "attachment;") || ns != "nosniff" {
			t.Errorf("headers: %q %q %q", ct, cd, ns)
		}
		text := stampText(t, []byte(body))
		if want := "downloadedbyVietNamon4February202510:15MYT(Asia/Kuala_Lumpur)"; strings.Count(text, want) != 3 {
			t.Errorf("stamp %q found %d times in the 3 pages, text %q", want, strings.Count(text, want), text)
		}
	}
	_, body := app.as(convene.RoleOfficer).get(paths.DocumentFile(retreatCode, concept.ID, 1))
	if text := stampText(t, []byte(body)); !strings.Contains(text, "downloadedbySecretariat") {
		t.Errorf("the secretariat's copy is not stamped Secretariat: %q", text)
	}
	// The public agenda is served byte for byte as uploaded.
	_, _, stored, err := app.db.DownloadDocument(t.Context(), m.ID, agenda.ID, 1, convene.DocumentReader{Secretariat: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, body := app.as(convene.RoleAnonymous).get(paths.DocumentFile(retreatCode, agenda.ID, 1)); body != string(stored) {
		t.Error("the public agenda was not served as uploaded")
	}
	n, err := app.db.CountDocumentDownloads(t.Context(), concept.ID)
	if err != nil || n != 3 {
		t.Errorf("concept paper downloads recorded: %d, %v; want 3", n, err)
	}
	_, page := app.as(convene.RoleAdmin).get(paths.Document(retreatCode, concept.ID))
	if !strings.Contains(page, `<td>Viet Nam</td><td>2</td><td>2</td><td>4 Feb 2025 10:15 MYT</td>`) ||
		!strings.Contains(page, `<td>Secretariat</td><td>1</td><td>1</td>`) {
		t.Errorf("the document page does not show who opened it:\n%s", page)
	}
	fmt.Printf("document downloads: %d recorded for the concept paper; stamp read back from every page\n", n)
}

// uploadDocument posts the new-document form with a file.
func (c *client) uploadDocument(path string, fields url.Values, name string, data []byte) (*http.Response, string) {
	c.app.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", c.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	fw, _ := w.CreateFormFile("file", name)
	_, _ = io.Copy(fw, bytes.NewReader(data))
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

// TestDocumentUploadRefused sends what must be refused: a program, a web
// page named .pdf, a Word file named .pdf, a file over the meeting's limit
// (set to 1 MB on the settings page) and a body over the route's limit.
// Each answers the form with the message next to the file field and the
// typed title kept (but the last, whose body is not read), and writes
// nothing. Then a good upload and a new version are accepted.
func TestDocumentUploadRefused(t *testing.T) {
	app := newTestApp(t)
	admin := app.as(convene.RoleAdmin)
	admin.get(paths.DocumentSettings(retreatCode))
	if resp, body := admin.post(paths.DocumentSettings(retreatCode), url.Values{"default_mb": {"20"}, "meeting_mb": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d\n%s", resp.StatusCode, body)
	}
	fields := url.Values{"title": {"Báo cáo của Việt Nam"}, "reference": {"ADMM/RET/2025/09"}, "kind": {"report"}, "audience": {"heads"}}
	pdf := stamp.Minimal("Report")
	big := append(append([]byte{}, pdf...), bytes.Repeat([]byte(" "), 2<<20)...)
	huge := bytes.Repeat([]byte("%"), int(convene.MaxDocumentLimit)+2<<20)
	cases := []struct {
		name, file string
		data       []byte
		status     int
		message    string
		keeps      bool
	}{
		{"a program", "setup.exe", []byte("MZ\x90\x00\x03\x00\x00\x00"), 422, "a program, not a document", true},
		{"a web page named .pdf", "agenda.pdf", []byte("<html><script>alert(1)</script></html>"), 422, "its content is not a PDF file", true},
		{"a Word file named .pdf", "agenda.pdf", mustDocx(t), 422, "content does not match its type", true},
		{"a file over the meeting's limit", "report.pdf", big, 422, "files for this meeting may be at most 1 MB", true},
		{"a body over the route's limit", "report.pdf", huge, 413, "larger than 1 MB, the limit", false},
	}
	before := app.tableCounts()
	for _, tc := range cases {
		admin.get(paths.DocumentNew(retreatCode))
		resp, body := admin.uploadDocument(paths.DocumentNew(retreatCode), fields, tc.file, tc.data)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.status)
		}
		if !strings.Contains(body, `id="e-file"`) || !strings.Contains(body, tc.message) {
			t.Errorf("%s: no message %q next to the file field:\n%.2000s", tc.name, tc.message, body)
		}
		if tc.keeps && !strings.Contains(body, `value="Báo cáo của Việt Nam"`) {
			t.Errorf("%s: the typed title is not kept", tc.name)
		}
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("refused uploads wrote: before %v\nafter %v", before, after)
	}
	admin.get(paths.DocumentNew(retreatCode))
	resp, _ := admin.uploadDocument(paths.DocumentNew(retreatCode), fields, "report.pdf", pdf)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a good upload: status %d", resp.StatusCode)
	}
	doc := resp.Header.Get("Location")
	admin.get(doc + "/versions/new")
	resp, body := admin.uploadDocument(doc+"/versions/new", url.Values{"changes": {""}}, "report.pdf", pdf)
	if resp.StatusCode != 422 || !strings.Contains(body, "what changed since version 1") {
		t.Errorf("a version without what changed: %d", resp.StatusCode)
	}
	resp, _ = admin.uploadDocument(doc+"/versions/new", url.Values{"changes": {"Paragraph 2 corrected."}}, "report v2.pdf", pdf)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a new version: status %d", resp.StatusCode)
	}
	_, page := admin.get(doc)
	if !strings.Contains(page, "Superseded") || !strings.Contains(page, "Paragraph 2 corrected.") || !strings.Contains(page, "Current") {
		t.Errorf("the document page does not list the superseded version:\n%s", page)
	}
}

// mustDocx is a minimal Word document (the zip and its content types).
func mustDocx(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.Create("[Content_Types].xml")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestNoteVerbaleAndPurge: Viet Nam's focal point uploads its Note
// Verbale (a Word file is refused, nothing written); the secretariat sees
// it in the accreditation queue; Thailand's focal point gets 404. The
// meeting's purge then deletes the Note Verbales and the download records
// and keeps the papers.
func TestNoteVerbaleAndPurge(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	focal.get(paths.NoteVerbale(retreatCode, "VNM"))
	before := app.tableCounts()
	resp, body := focal.uploadDocument(paths.NoteVerbale(retreatCode, "VNM"), nil, "nv.docx", mustDocx(t))
	if resp.StatusCode != 422 || !strings.Contains(body, "as a PDF") {
		t.Errorf("a Word Note Verbale: status %d", resp.StatusCode)
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused Note Verbale wrote something")
	}
	resp, _ = focal.uploadDocument(paths.NoteVerbale(retreatCode, "VNM"), nil, "nv.pdf", stamp.Minimal("Note Verbale No. 12/2025"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d", resp.StatusCode)
	}
	tha := app.client()
	tha.signIn("focal.tha@demo.test", testPassword)
	if resp, _ := tha.get(paths.NoteVerbalePDF(retreatCode, "VNM")); resp.StatusCode != http.StatusNotFound {
		t.Errorf("Thailand's focal point reading Viet Nam's Note Verbale: %d", resp.StatusCode)
	}
	if resp, body := focal.get(paths.NoteVerbalePDF(retreatCode, "VNM")); resp.StatusCode != 200 || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("the focal point's own Note Verbale: %d", resp.StatusCode)
	}
	app.db.Now = func() time.Time { return time.Date(2025, 2, 4, 2, 15, 0, 0, time.UTC) }
	m, docs := retreatDocs(t, app)
	concept := docs["delegations:Concept Paper: ASEAN Defence Cooperation for Regional Resilience"]
	focal.get(paths.DocumentFile(retreatCode, concept.ID, 1))
	if n, _ := app.db.CountDocumentDownloads(t.Context(), concept.ID); n != 1 {
		t.Fatalf("downloads before the purge: %d", n)
	}
	// The secretariat uploads Thailand's, whose people wait in the
	// accreditation queue: each of their rows links it.
	officer := app.as(convene.RoleOfficer)
	officer.get(paths.NoteVerbale(retreatCode, "THA"))
	if resp, _ := officer.uploadDocument(paths.NoteVerbale(retreatCode, "THA"), nil, "nv-tha.pdf", stamp.Minimal("Note Verbale")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the secretariat's upload: %d", resp.StatusCode)
	}
	_, queue := officer.get(paths.Accreditation(retreatCode))
	if !strings.Contains(queue, "Thailand") || !strings.Contains(queue, paths.NoteVerbalePDF(retreatCode, "THA")) {
		t.Error("the accreditation queue does not link Thailand's Note Verbale")
	}
	if _, page := focal.get(paths.Delegation(retreatCode, "VNM")); !strings.Contains(page, `id="note-verbale-link"`) {
		t.Error("the delegation page does not link the Note Verbale")
	}
	notes, err := app.db.FindNoteVerbales(t.Context(), m.ID)
	if err != nil || len(notes) < 2 {
		t.Fatalf("Note Verbales of the meeting: %v %v", notes, err)
	}
	app.db.Now = func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) }
	defer func() { app.db.Now = time.Now }()
	res, err := app.db.PurgePersonalData(context.Background(), retreatCode, 30)
	if err != nil {
		t.Fatal(err)
	}
	if res.NoteVerbales != len(notes) || res.Downloads != 1 {
		t.Errorf("purge removed %d Note Verbales and %d download records, want %d and 1", res.NoteVerbales, res.Downloads, len(notes))
	}
	counts := app.tableCounts()
	wg, err := app.db.FindMeetingByCode(t.Context(), "adsom-wg-2025")
	if err != nil {
		t.Fatal(err)
	}
	if others, err := app.db.FindNoteVerbales(t.Context(), wg.ID); err != nil || len(others) == 0 || counts["note_verbales"] != len(others) {
		t.Errorf("the purge of the Retreat touched another meeting's Note Verbales: %d left, %d of the Working Group", counts["note_verbales"], len(others))
	}
	if left, err := app.db.FindNoteVerbales(t.Context(), m.ID); err != nil || len(left) != 0 {
		t.Errorf("Note Verbales of the Retreat left after its purge: %d, %v", len(left), err)
	}
	if counts["document_downloads"] != 0 || counts["documents"] != len(docs) || counts["document_files"] != before["document_files"] {
		t.Errorf("after the purge: %v", counts)
	}
}

// TestPublicPaperReachesCachedMeetingPage: the meeting's page a visitor is
// served from the public cache lists a public paper uploaded after it was
// cached (the store bumps the public version), and never a restricted one.
func TestPublicPaperReachesCachedMeetingPage(t *testing.T) {
	app := newTestApp(t)
	visitor := app.as(convene.RoleAnonymous)
	_, before := visitor.get(paths.Meeting(retreatCode))
	if !strings.Contains(before, "Provisional Agenda of the ADMM Retreat") || strings.Contains(before, "Draft Joint Declaration") {
		t.Fatalf("the public page does not list exactly the public papers")
	}
	m, _ := retreatDocs(t, app)
	for _, a := range []convene.Audience{convene.AudiencePublic, convene.AudienceHeads} {
		doc := convene.Document{MeetingID: m.ID, Title: "Chair's Statement " + string(a), Kind: convene.DocReport, Audience: a}
		if err := app.db.CreateDocument(t.Context(), &doc, sqlite.UploadedFile{Name: "s.pdf", Content: stamp.Minimal("Statement")}); err != nil {
			t.Fatal(err)
		}
	}
	_, after := visitor.get(paths.Meeting(retreatCode))
	if !strings.Contains(after, "Chair&#39;s Statement public") && !strings.Contains(after, "Chair's Statement public") {
		t.Error("the cached public page does not list the new public paper")
	}
	if strings.Contains(after, "Statement heads") {
		t.Error("the public page lists a heads-only paper")
	}
}
