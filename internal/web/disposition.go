package web

import "mime"

// attachment builds a Content-Disposition header that makes the browser
// download a file under name. mime.FormatMediaType quotes the name and
// switches to RFC 2231 encoding for anything beyond plain ASCII, so that no
// name (a quote, a semicolon, CR/LF, a Thai meeting title) can end the
// header's value early, add a parameter, or split the header; a name it
// cannot encode falls back to a plain attachment. FuzzAttachmentHeader
// holds it to that.
func attachment(name string) string {
	if h := mime.FormatMediaType("attachment", map[string]string{"filename": name}); h != "" {
		return h
	}
	return "attachment"
}
