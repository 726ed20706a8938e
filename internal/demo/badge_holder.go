package demo

import (
	"context"
	"fmt"

	"convene/internal/convene"
)

// badgeHolders are the Retreat's people on site who are not delegates, all
// fictitious: secretariat staff, drivers, media and security. Liaison
// officers are added from their own records in logistics.
var badgeHolders = []convene.BadgeHolder{
	{Category: convene.BandStaff, Name: "Nurul Aina binti Kamarudin", Organisation: "ADMM Secretariat, Ministry of Defence Malaysia"},
	{Category: convene.BandStaff, Name: "Rajesh a/l Subramaniam", Organisation: "ADMM Secretariat, Ministry of Defence Malaysia"},
	{Category: convene.BandDriver, Name: "Mohd Azlan bin Ismail", Organisation: "Ministry of Defence transport pool"},
	{Category: convene.BandDriver, Name: "Lim Kok Seng", Organisation: "Ministry of Defence transport pool"},
	{Category: convene.BandMedia, Name: "Trần Thị Hương", Organisation: "Vietnam News Agency"},
	{Category: convene.BandMedia, Name: "Farah Nadia binti Zulkifli", Organisation: "Bernama"},
	{Category: convene.BandSecurity, Name: "Insp. Kumaran a/l Velu", Organisation: "Royal Malaysia Police"},
}

// retreatVenueNotes are what every delegation's book of the Retreat says
// about the venue.
var retreatVenueNotes = convene.VenueNotes{
	DressCode:   "Lounge suit or service dress for the sessions; batik for the welcome dinner.",
	WiFi:        "Network ADMM-Retreat, password printed on the back of the delegation office door.",
	PrayerRooms: "Surau on level 2 beside the delegation offices, open 06:00-22:00; a multi-faith room on level 1.",
	Medical:     "Medical point at the lobby level, next to the registration desk; duty nurse +60 4 888 1000.",
	Security:    "Badges visible at all times. Bags are screened at the entrance; drivers wait at the drop-off.",
}

// loadBadgeHolders registers the Retreat's staff, drivers, media and
// security and its first two liaison officers as badge holders, prints
// their badges, and writes the venue notes, through the store methods the
// badge holders' and venue notes' pages call.
func loadBadgeHolders(ctx context.Context, s Store, retreat *convene.Meeting) error {
	for _, h := range badgeHolders {
		h.MeetingID = retreat.ID
		if err := s.CreateBadgeHolder(ctx, &h); err != nil {
			return fmt.Errorf("%s: %w", h.Name, err)
		}
	}
	officers, err := s.LiaisonOfficersOf(ctx, retreat.ID)
	if err != nil {
		return err
	}
	for _, o := range officers[:min(2, len(officers))] {
		h := convene.BadgeHolder{MeetingID: retreat.ID, Category: convene.BandLiaison, LiaisonOfficerID: o.ID}
		if err := s.CreateBadgeHolder(ctx, &h); err != nil {
			return fmt.Errorf("liaison officer %s: %w", o.Name, err)
		}
	}
	if _, err := s.IssueHolderBadges(ctx, retreat.ID, nil, false); err != nil {
		return err
	}
	notes := retreatVenueNotes
	notes.MeetingID = retreat.ID
	return s.SaveVenueNotes(ctx, notes)
}
