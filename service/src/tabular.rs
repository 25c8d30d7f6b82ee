//! Tables as files people open in Excel: CSV (UTF-8 with a byte-order mark, so Excel reads Vietnamese
//! correctly; CRLF rows) and XLSX (bold frozen heading row). Every export goes through these two writers.
//!
//! CSV has no cell types: a spreadsheet evaluates any cell that looks like a formula, so a delegate named
//! `=HYPERLINK("http://…")` or `=cmd|' /C calc'!A0` would run in the organizer's spreadsheet (OWASP "CSV
//! injection"). [`csv`] therefore writes every text cell through [`neutralise`]. Only a cell of a column the
//! caller declares numeric, holding a plain decimal number we produced ([`plain_number`]), is written as it
//! is. XLSX has cell types: text is written as a string cell, never as a formula, and only plain numbers
//! in numeric columns become number cells.

use crate::error::Result;
use rust_xlsxwriter::{Format, Workbook};

/// Characters that make a spreadsheet read a cell as a formula (OWASP: `=` `+` `-` `@`, TAB, CR), plus
/// their full-width forms, which some spreadsheets (Excel with East Asian input) take as the ASCII ones.
fn starts_formula(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
}

/// What an importer may strip before it looks at a cell: whitespace (LibreOffice's "trim spaces" and
/// Google Sheets trim it, then evaluate what follows), control characters, a byte-order mark and
/// zero-width characters.
fn ignorable(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{feff}' | '\u{200b}'..='\u{200d}' | '\u{2060}')
}

/// The cell as text a spreadsheet shows and never evaluates: a leading apostrophe when the cell starts
/// with a formula character, or does so once leading whitespace is stripped (" =1+1" is evaluated by
/// importers that trim). The apostrophe is part of the cell, inside the CSV quoting.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let first = cell.chars().next();
    let first_meaningful = cell.chars().find(|c| !ignorable(*c));
    if first.is_some_and(starts_formula) || first_meaningful.is_some_and(starts_formula) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A number as we write it ourselves (row numbers, ratings): optional minus, digits, optional decimals.
/// Not what `f64::from_str` accepts, which also takes "NaN", "inf" and "1e5".
pub fn plain_number(cell: &str) -> Option<f64> {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    if plain { cell.parse::<f64>().ok().filter(|n| n.is_finite()) } else { None }
}

/// `numeric` columns keep cells that are plain numbers as they are; every other cell, and every heading,
/// is neutralised.
pub fn csv(headings: &[String], rows: &[Vec<String>], numeric: &[usize]) -> Result<Vec<u8>> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        w.write_record(headings.iter().map(|h| neutralise(h).into_owned())).map_err(anyhow::Error::from)?;
        for r in rows {
            let cells = r.iter().enumerate().map(|(c, v)| {
                if numeric.contains(&c) && plain_number(v).is_some() { v.clone() } else { neutralise(v).into_owned() }
            });
            w.write_record(cells).map_err(anyhow::Error::from)?;
        }
        w.flush().map_err(anyhow::Error::from)?;
    }
    Ok(out)
}

/// `numeric` columns are written as numbers where the cell is a plain number; everything else is a
/// string cell (never a formula, so no neutralising is needed and the text stays exactly as typed).
pub fn xlsx(sheet_name: &str, headings: &[String], rows: &[Vec<String>], numeric: &[usize]) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // Excel sheet names: at most 31 characters, none of []:*?/\ .
    let name: String = sheet_name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    sheet.set_name(if name.is_empty() { "Sheet1".to_string() } else { name }).map_err(anyhow::Error::from)?;
    let bold = Format::new().set_bold();
    for (c, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold).map_err(anyhow::Error::from)?;
    }
    for (r, values) in rows.iter().enumerate() {
        for (c, v) in values.iter().enumerate() {
            match plain_number(v) {
                Some(n) if numeric.contains(&c) => sheet.write_number(r as u32 + 1, c as u16, n),
                _ => sheet.write_string(r as u32 + 1, c as u16, v),
            }
            .map_err(anyhow::Error::from)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(anyhow::Error::from)?;
    sheet.autofit();
    book.save_to_buffer().map_err(|e| anyhow::anyhow!("xlsx: {e}").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// The cells of a CSV file as a spreadsheet's CSV reader gets them (quoting undone), BOM removed.
    fn read_back(bytes: &[u8]) -> Vec<Vec<String>> {
        let text = std::str::from_utf8(bytes).unwrap();
        let body = text.strip_prefix('\u{feff}').expect("a byte-order mark");
        let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body.as_bytes());
        r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
    }

    #[test]
    fn every_formula_prefix_gets_an_apostrophe() {
        for cell in [
            "=1+1",
            "=HYPERLINK(\"http://evil.example\",\"Bấm vào đây\")",
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-1+1",
            "@SUM(A1:A2)",
            "\t=1+1",
            "\tchữ",
            "\r=1+1",
            "\rchữ",
            "＝1+1",
            "＋1",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn leading_whitespace_and_invisible_characters_do_not_hide_a_formula() {
        // Importers that trim (LibreOffice's "trim spaces", Google Sheets) evaluate what follows.
        for cell in [" =1+1", "   +1", "\u{a0}-1", "\n@x", "\u{feff}=1+1", "\u{200b}=1+1", " \u{3000}=1+1", "\u{0}=1"] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        for cell in
            ["Nguyễn Văn An", "Sở Y tế, tỉnh Đồng Tháp", "a=b", "email@x.vn", "Tập huấn - ngày 2", "", "'=x", "  "]
        {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn plain_numbers_only() {
        assert_eq!(plain_number("12"), Some(12.0));
        assert_eq!(plain_number("-3"), Some(-3.0));
        assert_eq!(plain_number("4.5"), Some(4.5));
        for s in ["", "-", "1.", ".5", "+1", "1e5", "NaN", "inf", "-inf", " 1", "1 ", "1+1", "-1+1", "0x10", "１"] {
            assert_eq!(plain_number(s), None, "{s:?}");
        }
    }

    #[test]
    fn csv_cells_are_neutralised_inside_the_quoting_and_numbers_we_wrote_stay_numbers() {
        let headings = strings(&["=Số TT", "Họ và tên", "Điện thoại"]);
        let rows = vec![
            strings(&["1", "=HYPERLINK(\"http://evil.example\";\"x\")", "+84 912 345 678"]),
            strings(&["-2", "-2", "@x, y"]),
            strings(&["=1+1", " =1+1", "Nguyễn Thị Thu"]),
        ];
        let bytes = csv(&headings, &rows, &[0]).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        // The first cell of the file comes right after the byte-order mark, and is still neutralised.
        assert!(text.starts_with("\u{feff}'=Số TT,"), "{text}");
        // The apostrophe is inside the quotes a field with quotes or commas needs.
        assert!(text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"x\"\")\""), "{text}");
        assert!(text.contains("\"'@x, y\""), "{text}");
        assert!(text.contains("\r\n-2,'-2,"), "a negative number in the numeric column stays a number: {text}");
        let cells = read_back(&bytes);
        assert_eq!(cells[0], strings(&["'=Số TT", "Họ và tên", "Điện thoại"]));
        assert_eq!(cells[1], strings(&["1", "'=HYPERLINK(\"http://evil.example\";\"x\")", "'+84 912 345 678"]));
        assert_eq!(cells[2], strings(&["-2", "'-2", "'@x, y"]));
        // A formula in the numeric column is not a number: neutralised like any text.
        assert_eq!(cells[3], strings(&["'=1+1", "' =1+1", "Nguyễn Thị Thu"]));
        for row in &cells {
            for (c, cell) in row.iter().enumerate() {
                let our_number = c == 0 && plain_number(cell).is_some();
                assert!(our_number || !cell.starts_with(|c: char| starts_formula(c) || ignorable(c)), "{cell:?}");
            }
        }
    }

    #[test]
    fn xlsx_writes_text_as_strings_never_formulas() {
        use calamine::{Data, Reader, Xlsx};
        let headings = strings(&["Số TT", "=Câu hỏi"]);
        let rows = vec![
            strings(&["1", "=HYPERLINK(\"http://evil.example\",\"x\")"]),
            strings(&["2", "+1+1"]),
            strings(&["NaN", "-5"]),
        ];
        let bytes = xlsx("Góp ý", &headings, &rows, &[0]).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.sheet_names()[0].clone();
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula cells");
        let range = book.worksheet_range(&sheet).unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap();
        assert_eq!(cell(0, 1), Data::String("=Câu hỏi".into()));
        assert_eq!(cell(1, 0), Data::Float(1.0));
        assert_eq!(cell(1, 1), Data::String("=HYPERLINK(\"http://evil.example\",\"x\")".into()));
        assert_eq!(cell(2, 1), Data::String("+1+1".into()));
        assert_eq!(cell(3, 0), Data::String("NaN".into()), "not a plain number: text");
        assert_eq!(cell(3, 1), Data::String("-5".into()), "text column: text even when it looks like a number");
    }
}
