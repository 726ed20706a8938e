package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// TestBrowserFromEmptyDatabaseToNextYear is issue 15's end-to-end test: a
// host secretariat runs its own meeting from nothing. The real binary
// serves a new, empty database (no demo data at all); the first
// administrator is created with `convene user add`, signs in in headless
// Chromium and sets up the second factor the page asks for; then, through
// the pages only: the Philippine venue in Manila with its IANA zone and
// three rooms with seats per layout, ADMM 2026 hosted by the Philippines
// with its participants (the Member States and the ASEAN Secretariat) and
// quotas, a room held for the set-up, a hotel with a room block; focal
// points of the Philippines and Viet Nam invited from their delegations'
// pages, each signing in in a browser of their own and nominating delegates
// with names in their scripts (ñ; Vietnamese diacritics); the secretariat
// accredits them, prints the badges (the sheet shows each person), checks
// one in at the desk with the code on the badge, and clones the meeting to
// 2027, whose pages show the delegations, quotas, focal points, room hold
// and hotel block carried over. Each step checks what the next page shows.
func TestBrowserFromEmptyDatabaseToNextYear(t *testing.T) {
	const (
		adminEmail = "secretariat@dnd.example.ph"
		adminPass  = "Mabuhay ADMM 2026 passphrase"
		focalPass  = "a focal point's own passphrase"
		meeting    = "admm-2026"
	)
	db := filepath.Join(t.TempDir(), "convene.db")
	addr := freeAddr(t)
	base := "http://" + addr
	srv := startServeProcWith(t, db, "-addr", addr, "-base-url", base, "-time-zone", "Asia/Manila")
	if srv.url != base {
		t.Fatalf("serve runs at %s, want %s", srv.url, base)
	}
	out := cli(t, adminPass+"\n", "user", "add", "-db", db, "-email", adminEmail, "-name", "Ma. Teresa Villanueva", "-role", "admin")
	if !strings.Contains(out, "added "+adminEmail) {
		t.Fatalf("convene user add said %q", out)
	}
	shots := screenshotDir()

	admin := browsertest.Tab(t)
	enrolAdministrator(t, admin, base, adminEmail, adminPass)

	// An empty installation: no meetings, no venues; the countries ship
	// with the migrations.
	do(t, admin, "the venues page", chromedp.Click(chromedp.CSS(`.nav a[href="/venues"]`)), pageLoaded("main"))
	browsertest.Screenshot(t, admin, shots, "prod-01-no-venues")

	// The venue and its three rooms.
	do(t, admin, "add the venue",
		through(chromedp.Click(chromedp.CSS(`a[href="/venues/new"]`)), "f-name"),
		chromedp.SendKeys(chromedp.ID("f-name"), "Philippine International Convention Center"),
		chromedp.SetValue(chromedp.ID("f-kind"), "convention_centre"),
		chromedp.SendKeys(chromedp.ID("f-city"), "Manila"),
		chromedp.SendKeys(chromedp.ID("f-address"), "CCP Complex, Roxas Boulevard, Pasay City, Metro Manila"),
		chromedp.SendKeys(chromedp.ID("f-map_url"), "https://www.openstreetmap.org/?mlat=14.5560&mlon=120.9836"),
		chromedp.SetValue(chromedp.ID("f-time_zone"), "Asia/Manila"),
		chromedp.SendKeys(chromedp.ID("f-region"), "PH-00"),
		through(chromedp.Submit(chromedp.ID("f-name")), "venue-rooms"),
	)
	addRoom(t, admin, "Plenary Hall", map[string]string{"seats_hollow_square": "120", "seats_theatre": "1500", "booths": "6"}, "flags", "podium")
	addRoom(t, admin, "Meeting Room 1", map[string]string{"seats_boardroom": "24", "seats_classroom": "40", "screens": "2"}, "recording")
	addRoom(t, admin, "Bilateral Room 3", map[string]string{"seats_boardroom": "12", "seats_banquet": "30"})
	rooms := text(t, admin, "rooms")
	wantAll(t, "the venue's rooms", rooms, "Plenary Hall", "1500", "6 interpretation booths", "Meeting Room 1", "40", "2 screens",
		"Bilateral Room 3", "30")
	browsertest.Screenshot(t, admin, shots, "prod-02-venue")

	// ADMM 2026 at that venue with its participants: the Member States as
	// ticked by default, and the ASEAN Secretariat as a guest organisation.
	do(t, admin, "the new meeting form",
		chromedp.Navigate(base+"/meetings/new"),
		pageLoaded("f-code"),
	)
	venue := optionValue(t, admin, "f-venue", "Philippine International Convention Center")
	do(t, admin, "create ADMM 2026",
		chromedp.SendKeys(chromedp.ID("f-code"), meeting),
		chromedp.SendKeys(chromedp.ID("f-title"), "ADMM 2026"),
		chromedp.SetValue(chromedp.ID("f-host_country"), "PHL"),
		chromedp.SendKeys(chromedp.ID("f-city"), "Manila"),
		chromedp.SetValue(chromedp.ID("f-venue"), venue),
		chromedp.SetValue(chromedp.ID("f-time_zone"), "Asia/Manila"),
		chromedp.SetValue(chromedp.ID("f-date_precision"), "day"),
		chromedp.SetValue(chromedp.ID("f-start_date"), "2026-11-17"),
		chromedp.SetValue(chromedp.ID("f-end_date"), "2026-11-18"),
		chromedp.SetValue(chromedp.ID("f-default_quota"), "5"),
		chromedp.Click(chromedp.ID("f-participant-xas")),
		through(chromedp.Submit(chromedp.ID("f-code")), "participants-link"),
	)
	wantAll(t, "the confirmation of the new meeting", flash(t, admin), "created with 12 delegations of 5 places")
	page := bodyText(t, admin)
	wantAll(t, "ADMM 2026's page", page, "Philippine International Convention Center", "Manila", "Philippines", "Asia/Manila",
		"Timor-Leste", "ASEAN Secretariat")
	// Protocol order on the meeting's first day: Timor-Leste among the
	// Member States (admitted in October 2025), the organisation last.
	at := func(name string) int { return strings.Index(page, name) }
	if !(at("Thailand") < at("Timor-Leste") && at("Timor-Leste") < at("Viet Nam") && at("Viet Nam") < at("ASEAN Secretariat")) {
		t.Errorf("ADMM 2026's delegations are not in protocol order:\n%s", page)
	}
	browsertest.Screenshot(t, admin, shots, "prod-03-meeting")

	// The host's quota raised on the quota table.
	do(t, admin, "raise the host's quota",
		through(chromedp.Click(chromedp.ID("quotas-link")), "f-quota-phl"),
		chromedp.SetValue(chromedp.ID("f-quota-phl"), "8"),
		through(chromedp.Click(chromedp.ID("save-quotas")), "f-quota-phl"),
	)
	if q := inputValue(t, admin, "f-quota-phl"); q != "8" {
		t.Errorf("the Philippines' quota reads %q after saving 8", q)
	}

	// A room held for the set-up of the plenary hall.
	do(t, admin, "the room holds page",
		chromedp.Navigate(base+"/meetings/"+meeting),
		pageLoaded("room-holds-link"),
		through(chromedp.Click(chromedp.ID("room-holds-link")), "f-label"),
	)
	plenary := optionValue(t, admin, "f-room", "Plenary Hall")
	do(t, admin, "hold the plenary hall",
		chromedp.SetValue(chromedp.ID("f-kind"), "setup"),
		chromedp.SetValue(chromedp.ID("f-room"), plenary),
		chromedp.SendKeys(chromedp.ID("f-label"), "Set-up of the plenary hall"),
		chromedp.SetValue(chromedp.ID("f-start_day"), "2026-11-16"),
		chromedp.SetValue(chromedp.ID("f-start"), "08:00"),
		chromedp.SetValue(chromedp.ID("f-end_day"), "2026-11-16"),
		chromedp.SetValue(chromedp.ID("f-end"), "20:00"),
		through(chromedp.Submit(chromedp.ID("f-label")), "holds"),
	)
	wantAll(t, "the holds", text(t, admin, "holds"), "Mon 16 Nov 08:00", "20:00", "Plenary Hall", "Set-up of the plenary hall")

	// A hotel, and a block of its rooms.
	do(t, admin, "add the hotel",
		chromedp.Navigate(base+"/meetings/"+meeting+"/hotels"),
		pageLoaded("add-hotel"),
		chromedp.Click(chromedp.CSS("#add-hotel summary")),
		chromedp.WaitVisible(chromedp.ID("f-hotel_name")),
		chromedp.SendKeys(chromedp.ID("f-hotel_name"), "Sofitel Philippine Plaza Manila"),
		chromedp.SendKeys(chromedp.ID("f-hotel_city"), "Pasay City"),
		chromedp.SetValue(chromedp.ID("f-hotel_time_zone"), "Asia/Manila"),
		through(chromedp.Submit(chromedp.ID("f-hotel_name")), "f-hotel_id"),
	)
	hotel := optionValue(t, admin, "f-hotel_id", "Sofitel Philippine Plaza Manila")
	do(t, admin, "add a room block",
		chromedp.SetValue(chromedp.ID("f-hotel_id"), hotel),
		chromedp.SendKeys(chromedp.ID("f-room_type"), "Deluxe room"),
		chromedp.SetValue(chromedp.ID("f-rank"), "1"),
		chromedp.SetValue(chromedp.ID("f-occupancy"), "1"),
		chromedp.SetValue(chromedp.ID("f-room_count"), "30"),
		chromedp.SetValue(chromedp.ID("f-first_night"), "2026-11-16"),
		chromedp.SetValue(chromedp.ID("f-last_night"), "2026-11-18"),
		through(chromedp.Submit(chromedp.ID("f-room_type")), "f-hotel_id"),
	)
	blocks := run1(t, admin, "the room blocks", chromedp.Text(chromedp.CSS("main .table-wrap table")))
	wantAll(t, "the room blocks", blocks, "Sofitel Philippine Plaza Manila", "Deluxe room", "30")
	browsertest.Screenshot(t, admin, shots, "prod-04-hotels")

	// Two focal points, invited from their delegations' pages.
	phlFocal, vnmFocal := "focal@dnd.example.ph", "focal@mod.example.vn"
	phlLink := inviteFocalPoint(t, admin, base, meeting, "phl", "Jose Ramon Santiago", phlFocal)
	vnmLink := inviteFocalPoint(t, admin, base, meeting, "vnm", "Nguyễn Minh Châu", vnmFocal)
	for email, shown := range map[string]string{phlFocal: phlLink, vnmFocal: vnmLink} {
		if mailed := mailedInvitation(t, db, email); mailed != shown {
			t.Errorf("the invitation mailed to %s holds %q, the page showed %q", email, mailed, shown)
		}
	}

	// Each nominates delegates in a browser of their own.
	phl := []nominee{
		{given: "Gilberto Eduardo", family: "Peñaranda", position: "Secretary of National Defense", role: "head", passport: "P1234567A"},
		{given: "Ma. Cristina", family: "Dela Cruz-Ibañez", position: "Assistant Secretary for Strategic Assessment", role: "adviser", passport: "P7654321B"},
	}
	vnm := []nominee{
		{given: "Văn Cường", family: "Phạm", familyFirst: true, position: "Minister of National Defence", role: "head", passport: "C1234567"},
		{given: "Thị Thu Hằng", family: "Lê", familyFirst: true, position: "Interpreter", role: "interpreter", passport: "C7654321"},
	}
	for _, f := range []struct {
		link, email, iso3 string
		quota             int
		people            []nominee
	}{{phlLink, phlFocal, "phl", 8, phl}, {vnmLink, vnmFocal, "vnm", 5, vnm}} {
		w := browsertest.Window(t)
		acceptInvitation(t, w, base, f.link, f.email, focalPass)
		do(t, w, "the focal point's delegation",
			chromedp.Navigate(base+"/meetings/"+meeting+"/delegations/"+f.iso3),
			pageLoaded("main"),
		)
		for _, n := range f.people {
			nominate(t, w, n)
		}
		wantAll(t, "the focal point's delegation page", bodyText(t, w), fmt.Sprintf("%d places; 2 taken", f.quota))
		browsertest.Screenshot(t, w, shots, "prod-05-nominated-"+f.iso3)
		submitDelegation(t, w)
	}

	// The secretariat accredits everybody from its queue.
	do(t, admin, "the accreditation queue",
		chromedp.Navigate(base+"/meetings/"+meeting+"/accreditation"),
		pageLoaded("queue"),
	)
	queue := text(t, admin, "queue")
	for _, n := range append(append([]nominee{}, phl...), vnm...) {
		wantAll(t, "the accreditation queue", queue, n.fullName(), n.passport)
	}
	browsertest.Screenshot(t, admin, shots, "prod-06-queue")
	do(t, admin, "accredit the queue",
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('#queue input[name="id"]').forEach(c => c.checked = true)`),
		through(chromedp.Click(chromedp.ID("bulk-accredit")), "main"),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	)
	do(t, admin, "Viet Nam's roster",
		chromedp.Navigate(base+"/meetings/"+meeting+"/delegations/vnm"),
		chromedp.WaitVisible(chromedp.CSS("table.roster")),
	)
	roster := bodyText(t, admin)
	wantAll(t, "Viet Nam's delegation page", roster, "Lê Thị Thu Hằng", "Phạm Văn Cường", "Accredited")
	if strings.Index(roster, "Phạm Văn Cường") > strings.Index(roster, "Interpreter") {
		t.Errorf("the head of delegation is not listed first:\n%s", roster)
	}

	// Badges: print those not yet printed; the sheet shows each person.
	do(t, admin, "print the badges",
		chromedp.Navigate(base+"/meetings/"+meeting+"/print"),
		pageLoaded("printables"),
		through(chromedp.Click(chromedp.CSS(`#printables a[href$="/badges"]`)), "print-unprinted"),
		chromedp.Click(chromedp.ID("print-unprinted")),
		chromedp.WaitVisible(chromedp.CSS("article.badge")),
	)
	badges, err := chromedp.Run(admin, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("article.badge")].map(b => b.querySelector(".name").textContent.trim() + "|" +
		 b.querySelector(".country").textContent.trim() + "|" + b.dataset.code)`))
	if err != nil || len(badges) != 4 {
		t.Fatalf("the sheet shows %d badges (%v), want 4: %q", len(badges), err, badges)
	}
	codes := map[string]string{}
	for _, b := range badges {
		f := strings.Split(b, "|")
		codes[f[0]] = f[2]
		if !codeAttr.MatchString(f[2]) {
			t.Errorf("badge of %s carries the code %q", f[0], f[2])
		}
	}
	browsertest.Screenshot(t, admin, shots, "prod-07-badges")
	sheet := strings.Join(badges, "\n")
	wantAll(t, "the badge sheet", sheet, "Gilberto Eduardo Peñaranda|Philippines", "Ma. Cristina Dela Cruz-Ibañez|Philippines",
		"Phạm Văn Cường|Viet Nam", "Lê Thị Thu Hằng|Viet Nam")

	// The desk: the Philippine secretary's badge admits him.
	var head string
	for name, code := range codes {
		if strings.Contains(name, "Peñaranda") {
			head = code
		}
	}
	do(t, admin, "check in at the desk",
		chromedp.Navigate(base+"/meetings/"+meeting+"/check-in"),
		pageLoaded("f-code"),
		chromedp.SendKeys(chromedp.ID("f-code"), head),
		through(chromedp.Click(chromedp.ID("check-in")), "check-in-answer"),
	)
	wantAll(t, "the desk's answer", text(t, admin, "check-in-answer"), "Gilberto Eduardo Peñaranda", "Philippines", "Admitted to the venue of ADMM 2026")
	if n := text(t, admin, "total-checked"); n != "1" {
		t.Errorf("the desk counts %s checked in, want 1", n)
	}
	browsertest.Screenshot(t, admin, shots, "prod-08-check-in")

	// A year on: the clone form proposes the code and title of 2027.
	do(t, admin, "the clone form",
		chromedp.Navigate(base+"/meetings/"+meeting),
		pageLoaded("participants-link"),
		through(chromedp.Click(chromedp.CSS(`a[href$="/clone"]`)), "f-code"),
	)
	if code, title := inputValue(t, admin, "f-code"), inputValue(t, admin, "f-title"); code != "admm-2027" || title != "ADMM 2027" {
		t.Errorf("the clone form proposes %q, %q; want admm-2027, ADMM 2027", code, title)
	}
	browsertest.Screenshot(t, admin, shots, "prod-09-clone")
	do(t, admin, "clone to 2027",
		through(chromedp.Submit(chromedp.ID("f-code")), "participants-link"),
	)
	page = bodyText(t, admin)
	wantAll(t, "ADMM 2027's page", page, "ADMM 2027", "2027", "Philippine International Convention Center", "Philippines",
		"Timor-Leste", "Viet Nam", "ASEAN Secretariat")
	do(t, admin, "2027's quotas",
		through(chromedp.Click(chromedp.ID("quotas-link")), "f-quota-phl"),
	)
	if q, v := inputValue(t, admin, "f-quota-phl"), inputValue(t, admin, "f-quota-vnm"); q != "8" || v != "5" {
		t.Errorf("2027's quotas: the Philippines %q, Viet Nam %q; want 8 and 5", q, v)
	}
	do(t, admin, "2027's delegation of Viet Nam",
		chromedp.Navigate(base+"/meetings/admm-2027/delegations/vnm"),
		pageLoaded("focal-point"),
	)
	wantAll(t, "Viet Nam's 2027 delegation", bodyText(t, admin), "Focal point\nNguyễn Minh Châu", "5 places; 0 taken")
	do(t, admin, "2027's room holds",
		chromedp.Navigate(base+"/meetings/admm-2027/holds"),
		pageLoaded("holds"),
	)
	wantAll(t, "2027's holds", text(t, admin, "holds"), "Plenary Hall", "Set-up of the plenary hall", "Tue 16 Nov 08:00")
	do(t, admin, "2027's hotels",
		chromedp.Navigate(base+"/meetings/admm-2027/hotels"),
		pageLoaded("f-hotel_id"),
	)
	blocks = run1(t, admin, "2027's room blocks", chromedp.Text(chromedp.CSS("main .table-wrap table")))
	wantAll(t, "2027's room blocks", blocks, "Sofitel Philippine Plaza Manila", "Deluxe room", "30", "16 Nov 2027 to 18 Nov 2027")
	browsertest.Screenshot(t, admin, shots, "prod-10-2027-hotels")
	fmt.Printf("from an empty database: first administrator by the CLI with the second factor; venue with 3 rooms, ADMM 2026 with "+
		"12 delegations, a room hold and a hotel block; 2 focal points invited, 4 delegates nominated in their scripts, accredited, "+
		"badged and one checked in; cloned to 2027 with quotas, focal points, holds and hotel blocks (screenshots in %s)\n", shots)
}
