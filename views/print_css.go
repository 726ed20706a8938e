package views

// printCSS styles every printable document. It is inlined into the page (not
// linked from static/) so that the server can hand the very same document to
// Chromium for the PDF without serving it any other file, and so that the
// browser's own print and the PDF come out the same.
const printCSS = `
@page { size: A4; margin: 12mm 14mm 10mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #111; font: 10.5pt/1.4 "Noto Sans", "Noto Sans Thai", "Noto Sans Lao", "Noto Sans Khmer",
  "Noto Sans Myanmar", "Noto Sans CJK SC", sans-serif; }
a { color: #1d4ed8; }
.toolbar { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #eef2f7;
  border-bottom: 1px solid #cbd5e1; font-size: 11pt; }
.toolbar .grow { flex: 1; }
.toolbar button { font: inherit; padding: .3rem .9rem; }
.doc { max-width: 190mm; margin: 0 auto; padding: 6mm 0; }
.stamp { font-size: 7.5pt; color: #555; display: flex; justify-content: space-between; }
.frame { width: 100%; border-collapse: collapse; }
.frame > thead td, .frame > tfoot td, .frame > tbody > tr > td { padding: 0; }
.frame-space { height: 8mm; }
.run-stamp { display: none; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; break-after: avoid; }
table.list { width: 100%; border-collapse: collapse; margin-bottom: 3mm; }
table.list th, table.list td { text-align: left; border-bottom: .2mm solid #ccc; padding: 1.2mm 1.5mm; vertical-align: top; }
table.list th { font-size: 9pt; color: #333; }
table.list tr { break-inside: avoid; }
.meta { color: #555; font-size: 9pt; }
.group { break-inside: avoid; }
.cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center;
  break-after: page; }
.cover h1 { font-size: 28pt; }
.cover p { font-size: 13pt; margin: 2mm 0; }
.day { break-inside: auto; }
.day h2 { border-bottom: .4mm solid #111; padding-bottom: 1mm; }
.notice { border: 1px solid #d97706; background: #fffbeb; padding: 3mm; margin: 3mm 0; }

/* Badges: ID-1 (CR80, 85.6 × 54 mm) cards, eight to an A4 sheet, crop
   marks at every corner. */
.sheet { width: 182mm; height: 270mm; margin: 0 auto; padding-top: 8mm; display: grid;
  grid-template-columns: 85.6mm 85.6mm; grid-auto-rows: 54mm; gap: 10mm 10.8mm; align-content: start;
  position: relative; break-after: page; }
.sheet:last-of-type { break-after: auto; }
.sheet .stamp { position: absolute; left: 0; right: 0; bottom: 0; }
.cut { position: relative; width: 85.6mm; height: 54mm; }
.crop { position: absolute; width: 5mm; height: 5mm; border: 0 solid #000; }
.crop.tl { left: -5mm; top: -5mm; border-right-width: .2mm; border-bottom-width: .2mm; }
.crop.tr { right: -5mm; top: -5mm; border-left-width: .2mm; border-bottom-width: .2mm; }
.crop.bl { left: -5mm; bottom: -5mm; border-right-width: .2mm; border-top-width: .2mm; }
.crop.br { right: -5mm; bottom: -5mm; border-left-width: .2mm; border-top-width: .2mm; }
.badge { width: 100%; height: 100%; border: .2mm solid #bbb; border-radius: 2.5mm; overflow: hidden; display: grid;
  grid-template-columns: 1fr 27mm; grid-template-rows: 8mm 1fr 6mm; background: #fff; }
.band { grid-column: 1 / 3; display: flex; justify-content: space-between; align-items: center; padding: 0 3mm;
  color: #fff; font-weight: 700; font-size: 9pt; letter-spacing: .02em; }
.band-head { background: #b91c1c; }
.band-delegate { background: #1d4ed8; }
.band-liaison { background: #15803d; }
.band-security { background: #111827; }
.band-media { background: #c2410c; }
.who { padding: 2mm 1mm 0 3mm; display: flex; flex-direction: column; gap: .6mm; overflow: hidden; }
.who .name { font-weight: 700; line-height: 1.25; overflow-wrap: anywhere; }
.name-l { font-size: 14pt; } .name-m { font-size: 12pt; } .name-s { font-size: 10pt; } .name-xs { font-size: 8.5pt; }
.who .position { font-size: 7.5pt; color: #333; line-height: 1.2; }
.who .country { font-size: 10pt; font-weight: 700; margin-top: auto; }
.qr { grid-row: 2 / 4; grid-column: 2; display: flex; flex-direction: column; align-items: center; padding: 1.5mm 2mm 1mm 0; }
.qr svg { width: 22mm; height: 22mm; }
.qr .code { font: 600 5.8pt/1.2 "Noto Sans Mono", monospace; white-space: nowrap; text-align: center; margin-top: .8mm; }
.bfoot { grid-column: 1; padding: 0 1mm 1mm 3mm; font-size: 6.5pt; color: #444; align-self: end; }

/* Seating plan and name plates: A4 landscape. */
.landscape-page { width: 269mm; height: 186mm; margin: 0 auto; position: relative; break-after: page; }
.landscape-page:last-of-type { break-after: auto; }
.landscape-page .stamp { position: absolute; left: 0; right: 0; bottom: 0; }
.plan svg { width: 100%; height: 128mm; }
.plate { width: 297mm; height: 210mm; break-after: page; display: grid; grid-template-rows: 1fr 1fr; position: relative; }
.plate:last-of-type { break-after: auto; }
.face { display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center;
  padding: 0 15mm; }
.face.top { transform: rotate(180deg); border-bottom: .2mm dashed #999; }
.face .c { font-size: 54pt; font-weight: 700; line-height: 1.15; }
.face .n { font-size: 36pt; font-weight: 700; line-height: 1.3; }
.face .r { font-size: 18pt; color: #333; margin-top: 3mm; }
.plate .stamp { position: absolute; left: 6mm; right: 6mm; bottom: 3mm; }

@media screen {
  body { background: #e5e7eb; }
  .doc, .sheet, .landscape-page, .plate { background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.2); margin: 6mm auto; }
  .doc { padding: 10mm 12mm; }
  .sheet { padding: 8mm 4mm 0; width: 190mm; height: 277mm; }
  .landscape-page { padding: 6mm; height: 198mm; width: 281mm; }
}
@media print {
  .toolbar { display: none !important; }
  .run-stamp { display: flex; position: fixed; bottom: 0; left: 0; right: 0; }
  .doc { padding: 0; }
  .sheet { margin: 12mm auto 0; }
  .landscape-page { margin: 0 auto; }
}
`

// landscapeCSS turns a document's pages to A4 landscape; name plates have no
// margin at all because each plate fills its sheet.
const landscapeCSS = `@page { size: A4 landscape; margin: 12mm 14mm 10mm; }`

// platesCSS gives name plates the whole sheet: they are cut and folded.
const platesCSS = `@page { size: A4 landscape; margin: 0; }`

// badgeCSS gives badge sheets a small even margin; the sheet lays out the
// cards and their crop marks itself.
const badgeCSS = `@page { size: A4; margin: 0; }`
