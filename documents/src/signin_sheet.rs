//! Danh sách ký tên: one sheet per session, with room to sign in every row.

use crate::agenda::day_title;
use crate::layout::{
    Align, Block, DocMeta, HeaderSpec, PageSetup, ParaStyle, Table, TableColumn, TableRow, official_header, render,
};
use crate::{DocumentError, text};
use chrono::{NaiveDate, NaiveTime};
use hoinghi_domain::time::clock;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SigninRow {
    pub name: String,
    #[serde(default)]
    pub unit: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SigninSession {
    pub title: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    #[serde(default)]
    pub room: String,
    pub rows: Vec<SigninRow>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SigninSheets {
    pub header: HeaderSpec,
    pub conference_name: String,
    pub sessions: Vec<SigninSession>,
}

pub fn render_signin_sheets(s: &SigninSheets) -> Result<Vec<u8>, DocumentError> {
    let mut blocks = Vec::new();
    for (i, session) in s.sessions.iter().enumerate() {
        if i > 0 {
            blocks.push(Block::PageBreak);
        }
        blocks.push(official_header(&s.header));
        blocks.push(Block::text("DANH SÁCH ĐẠI BIỂU KÝ TÊN", ParaStyle::centered(14.0).bold()));
        blocks.push(Block::text(text::line(&s.conference_name), ParaStyle::centered(14.0).bold()));
        let mut when = format!("{}: {}, {}", text::line(&session.title), clock(session.start), day_title(session.date));
        if !session.room.trim().is_empty() {
            when.push_str(&format!(" - {}", text::line(&session.room)));
        }
        blocks.push(Block::text(when, ParaStyle::centered(13.0).italic().before(4.0).after(10.0)));
        let rows = session
            .rows
            .iter()
            .enumerate()
            .map(|(n, r)| {
                TableRow::Cells(vec![(n + 1).to_string(), text::line(&r.name), text::line(&r.unit), String::new()])
            })
            .collect();
        let mut table = Table::new(
            vec![
                TableColumn::new("STT", 0.08, Align::Center),
                TableColumn::new("Họ và tên", 0.3, Align::Left),
                TableColumn::new("Đơn vị", 0.37, Align::Left),
                TableColumn::new("Ký tên", 0.25, Align::Center),
            ],
            rows,
        );
        table.min_row_height = 30.0;
        blocks.push(Block::Table(table));
    }
    let meta = DocMeta {
        title: format!("Danh sách ký tên {}", text::line(&s.conference_name)),
        author: text::line(&s.header.issuing_agency),
        subject: "Danh sách đại biểu ký tên".into(),
    };
    render(&PageSetup::a4_portrait(), &meta, &blocks)
}
