package paths

// Logistics is a meeting's logistics dashboard.
func Logistics(code string) string { return meeting(code, "logistics") }

// Hotels is a meeting's hotels: room blocks and room assignments.
func Hotels(code string) string { return meeting(code, "hotels") }

// HotelBlocks adds a room block (POST).
func HotelBlocks(code string) string { return meeting(code, "hotels", "blocks") }

// HotelAssign assigns a room (POST).
func HotelAssign(code string) string { return meeting(code, "hotels", "assign") }

// HotelPropose places everyone without a room (POST).
func HotelPropose(code string) string { return meeting(code, "hotels", "propose") }

// StayRemove releases a delegate's room (POST).
func StayRemove(code string, delegateID int64) string {
	return meeting(code, "hotels", "stays", id(delegateID), "delete")
}

// Rooming is one hotel's printable rooming list.
func Rooming(code string, hotelID int64) string {
	return meeting(code, "hotels", id(hotelID), "rooming")
}

// RoomingCSV is one hotel's rooming list as CSV.
func RoomingCSV(code string, hotelID int64) string {
	return meeting(code, "hotels", id(hotelID), "rooming.csv")
}

// RoomingXLSX is one hotel's rooming list as a spreadsheet.
func RoomingXLSX(code string, hotelID int64) string {
	return meeting(code, "hotels", id(hotelID), "rooming.xlsx")
}

// Liaison is a meeting's liaison officers.
func Liaison(code string) string { return meeting(code, "liaison") }

// LiaisonAssign gives a liaison officer a delegation (POST).
func LiaisonAssign(code string, officerID int64) string {
	return meeting(code, "liaison", id(officerID), "assign")
}

// Arrivals is a meeting's arrivals and departures board.
func Arrivals(code string) string { return meeting(code, "arrivals") }

// Transfers is a meeting's airport transfers.
func Transfers(code string) string { return meeting(code, "transfers") }

// TransfersPropose plans runs from the flights (POST).
func TransfersPropose(code string) string { return meeting(code, "transfers", "propose") }

// TransferMove moves a passenger to another run (POST).
func TransferMove(code string) string { return meeting(code, "transfers", "move") }

// Transfer changes one run (POST).
func Transfer(code string, runID int64) string { return meeting(code, "transfers", id(runID)) }

// TransferManifest is one run's printable manifest.
func TransferManifest(code string, runID int64) string {
	return meeting(code, "transfers", id(runID), "manifest")
}

// Travel is the form of one delegate's arrival and departure.
func Travel(code string, delegateID int64) string { return meeting(code, "travel", id(delegateID)) }

// Catering is a meeting's meals with their headcounts.
func Catering(code string) string { return meeting(code, "catering") }

// HotelNew adds a hotel from the hotels page (POST).
func HotelNew(code string) string { return meeting(code, "hotels", "new") }

// RoomHolds is a meeting's room holds, with the form that adds one.
func RoomHolds(code string) string { return meeting(code, "holds") }

// RoomHold is the form that changes one room hold.
func RoomHold(code string, holdID int64) string { return meeting(code, "holds", id(holdID)) }

// RoomHoldDelete releases a room hold (POST).
func RoomHoldDelete(code string, holdID int64) string {
	return meeting(code, "holds", id(holdID), "delete")
}
