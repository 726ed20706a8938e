package paths

// Venues lists the venues: meeting places and hotels.
func Venues() string { return "/venues" }

// VenueNew is the form that adds a venue.
func VenueNew() string { return join("venues", "new") }

// Venue is one venue's page: its details, rooms and the meetings that use it.
func Venue(venueID int64) string { return join("venues", id(venueID)) }

// VenueEdit is the form that changes a venue.
func VenueEdit(venueID int64) string { return join("venues", id(venueID), "edit") }

// VenueDelete deletes a venue (POST).
func VenueDelete(venueID int64) string { return join("venues", id(venueID), "delete") }

// RoomNew is the form that adds a room to a venue.
func RoomNew(venueID int64) string { return join("venues", id(venueID), "rooms", "new") }

// Room is the form that changes one room of a venue.
func Room(venueID, roomID int64) string { return join("venues", id(venueID), "rooms", id(roomID)) }

// RoomDelete deletes a room (POST).
func RoomDelete(venueID, roomID int64) string {
	return join("venues", id(venueID), "rooms", id(roomID), "delete")
}

// Airports lists the airports delegations fly into, with the form that adds one.
func Airports() string { return "/airports" }

// Airport is the form that changes one airport.
func Airport(iata string) string { return join("airports", iata) }
