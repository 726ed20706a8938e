package paths

import "strconv"

// Meeting documents (issue 18).

// Documents is a meeting's papers as the reader may see them.
func Documents(code string) string { return meeting(code, "documents") }

// DocumentNew is the form that uploads a new paper (GET) and its upload (POST).
func DocumentNew(code string) string { return meeting(code, "documents", "new") }

// DocumentSettings is the form of the upload size limits.
func DocumentSettings(code string) string { return meeting(code, "documents", "settings") }

// Document is one paper: its versions and, for the secretariat, who opened it.
func Document(code string, docID int64) string { return meeting(code, "documents", id(docID)) }

// DocumentVersionNew is the form that uploads a new version of a paper.
func DocumentVersionNew(code string, docID int64) string {
	return meeting(code, "documents", id(docID), "versions", "new")
}

// DocumentFile downloads one version of a paper.
func DocumentFile(code string, docID int64, number int) string {
	return meeting(code, "documents", id(docID), "versions", strconv.Itoa(number))
}

// DocumentDelete deletes a paper with all its versions (after asking).
func DocumentDelete(code string, docID int64) string {
	return meeting(code, "documents", id(docID), "delete")
}

// DocumentVersionDelete deletes one version of a paper (after asking).
func DocumentVersionDelete(code string, docID int64, number int) string {
	return meeting(code, "documents", id(docID), "versions", strconv.Itoa(number), "delete")
}

// NoteVerbale is a delegation's Note Verbale: its upload form (GET) and
// upload (POST).
func NoteVerbale(code, iso3 string) string { return Delegation(code, iso3) + join("note-verbale") }

// NoteVerbalePDF downloads a delegation's Note Verbale.
func NoteVerbalePDF(code, iso3 string) string {
	return Delegation(code, iso3) + join("note-verbale.pdf")
}
