package convene

import "unicode"

// scriptLangs are the scripts of the region that a screen reader and the
// browser's line breaking need to be told about, with the language tag of
// the language usually written in each (issue 23).
var scriptLangs = []struct {
	table *unicode.RangeTable
	lang  string
}{
	{unicode.Thai, "th"}, {unicode.Lao, "lo"}, {unicode.Khmer, "km"}, {unicode.Myanmar, "my"},
}

// ScriptLang is the BCP 47 tag for a name or text written in Thai, Lao,
// Khmer or Myanmar script ("th", "lo", "km", "my"), decided by its first
// letter in one of those scripts; "" for text in Latin script (Vietnamese,
// Malay, Filipino, English names) and every other script, which the page's
// own lang="en" covers well enough.
func ScriptLang(s string) string {
	for _, r := range s {
		if r < 0x0E00 { // everything below Thai is none of these scripts
			continue
		}
		for _, x := range scriptLangs {
			if unicode.Is(x.table, r) {
				return x.lang
			}
		}
	}
	return ""
}
