package roster

import (
	"encoding/csv"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteTableCSV writes rows (the first is the header) as CSV, every cell
// neutralized so that no typed value runs as a spreadsheet formula. Lists
// other than the roster (a hotel's rooming list) use it.
func WriteTableCSV(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	for _, row := range rows {
		out := make([]string, len(row))
		for i, v := range row {
			out[i] = Neutralize(v)
		}
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTableXLSX writes rows (the first is the header, in bold) to one
// sheet of an XLSX workbook, every cell as neutralized text.
func WriteTableXLSX(w io.Writer, title, sheet string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	width := 0
	for r, row := range rows {
		width = max(width, len(row))
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			if err := f.SetCellStr(sheet, cell, Neutralize(v)); err != nil {
				return err
			}
		}
	}
	if width > 0 {
		bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		if err != nil {
			return err
		}
		last, _ := excelize.ColumnNumberToName(width)
		if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, "A", last, 20); err != nil {
			return err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "Convene"}); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}
