//! Tables as files people open in Excel: CSV (UTF-8 with a byte-order mark, so Excel reads Vietnamese
//! correctly; CRLF rows) and XLSX (bold frozen heading row). Used by every export.

use crate::error::Result;
use rust_xlsxwriter::{Format, Workbook};

pub fn csv(headings: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        w.write_record(headings).map_err(anyhow::Error::from)?;
        for r in rows {
            w.write_record(r).map_err(anyhow::Error::from)?;
        }
        w.flush().map_err(anyhow::Error::from)?;
    }
    Ok(out)
}

/// `numeric` columns are written as numbers where the text parses as one.
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
            match v.parse::<f64>() {
                Ok(n) if numeric.contains(&c) => sheet.write_number(r as u32 + 1, c as u16, n),
                _ => sheet.write_string(r as u32 + 1, c as u16, v),
            }
            .map_err(anyhow::Error::from)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(anyhow::Error::from)?;
    sheet.autofit();
    book.save_to_buffer().map_err(|e| anyhow::anyhow!("xlsx: {e}").into())
}
