//! Danh sách ký tên: one sheet per day of the conference (and one per training class), the delegates
//! grouped by their province and unit, with room to sign in every row.

use crate::layout::{
    Align, Block, DocMeta, HeaderSpec, PageSetup, ParaStyle, Table, TableColumn, TableRow, official_header, render,
};
use crate::{DocumentError, text};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SigninRow {
    pub name: String,
    #[serde(default)]
    pub position: String,
    /// The group the row is listed under (province and unit); rows of one group must be adjacent.
    #[serde(default)]
    pub group: String,
}

/// One sheet: a day, or a class.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SigninSheet {
    /// "Ngày thứ nhất: Thứ Hai, ngày 18 tháng 9 năm 2017", or a class's title.
    pub title: String,
    /// Time and place under the title (optional).
    #[serde(default)]
    pub detail: String,
    pub rows: Vec<SigninRow>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SigninSheets {
    pub header: HeaderSpec,
    pub conference_name: String,
    pub sheets: Vec<SigninSheet>,
}

pub fn render_signin_sheets(s: &SigninSheets) -> Result<Vec<u8>, DocumentError> {
    let mut blocks = Vec::new();
    for (i, sheet) in s.sheets.iter().enumerate() {
        if i > 0 {
            blocks.push(Block::Section);
        }
        blocks.push(official_header(&s.header));
        blocks.push(Block::text("DANH SÁCH ĐẠI BIỂU KÝ TÊN", ParaStyle::centered(14.0).bold()));
        blocks.push(Block::text(text::line(&s.conference_name), ParaStyle::centered(14.0).bold()));
        blocks.push(Block::text(text::line(&sheet.title), ParaStyle::centered(13.0).bold().before(4.0)));
        let detail = text::line(&sheet.detail);
        if !detail.is_empty() {
            blocks.push(Block::text(detail, ParaStyle::centered(13.0).italic()));
        }
        blocks.push(Block::Spacer(10.0));
        let mut rows = Vec::new();
        let mut group: Option<String> = None;
        for (n, r) in sheet.rows.iter().enumerate() {
            let g = text::line(&r.group);
            if !g.is_empty() && group.as_deref() != Some(g.as_str()) {
                rows.push(TableRow::Group(g.clone()));
            }
            group = Some(g);
            rows.push(TableRow::Cells(vec![
                (n + 1).to_string(),
                text::line(&r.name),
                text::line(&r.position),
                String::new(),
            ]));
        }
        let mut table = Table::new(
            vec![
                TableColumn::new("STT", 0.0, Align::Center).nowrap(),
                TableColumn::new("Họ và tên", 0.35, Align::Left).words(),
                TableColumn::new("Chức vụ", 0.35, Align::Left).words(),
                TableColumn::new("Ký tên", 0.3, Align::Center),
            ],
            rows,
        );
        table.min_row_height = 28.0;
        blocks.push(Block::Table(table));
    }
    let meta = DocMeta {
        title: format!("Danh sách ký tên {}", text::line(&s.conference_name)),
        author: text::line(&s.header.issuing_agency),
        subject: "Danh sách đại biểu ký tên".into(),
    };
    render(&PageSetup::a4_portrait(), &meta, &blocks)
}
