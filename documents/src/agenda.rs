//! Chương trình hội nghị: days, time ranges, sessions, presenters and rooms.

use crate::layout::{
    Align, Block, DocMeta, HeaderSpec, MM, PageSetup, ParaStyle, Table, TableColumn, TableRow, official_header, render,
};
use crate::{DocumentError, text};
use chrono::{NaiveDate, NaiveTime};
use hoinghi_domain::time::{clock, official_date, weekday_vi};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AgendaSession {
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub title: String,
    #[serde(default)]
    pub presenter: String,
    #[serde(default)]
    pub room: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AgendaDay {
    pub date: NaiveDate,
    pub sessions: Vec<AgendaSession>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Agenda {
    pub header: HeaderSpec,
    pub conference_name: String,
    #[serde(default)]
    pub venue: String,
    pub days: Vec<AgendaDay>,
}

/// "Thứ Hai, ngày 18 tháng 9 năm 2017".
pub(crate) fn day_title(d: NaiveDate) -> String {
    let wd = weekday_vi(d);
    let mut chars = wd.chars();
    let wd = chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default();
    format!("{wd}, {}", official_date(d))
}

pub fn render_agenda(a: &Agenda) -> Result<Vec<u8>, DocumentError> {
    let mut blocks = vec![
        official_header(&a.header),
        Block::text("CHƯƠNG TRÌNH", ParaStyle::centered(14.0).bold()),
        Block::text(text::line(&a.conference_name), ParaStyle::centered(14.0).bold()),
        Block::Rule { length: 40.0 * MM, align: Align::Center, thickness: 0.6 },
    ];
    if !a.venue.trim().is_empty() {
        blocks.push(Block::text(
            format!("Địa điểm: {}", text::line(&a.venue)),
            ParaStyle::centered(13.0).italic().before(4.0),
        ));
    }
    blocks.push(Block::Spacer(10.0));
    let mut rows = Vec::new();
    for day in &a.days {
        rows.push(TableRow::Group(day_title(day.date)));
        for s in &day.sessions {
            rows.push(TableRow::Cells(vec![
                format!("{} - {}", clock(s.start), clock(s.end)),
                text::line(&s.title),
                text::line(&s.presenter),
                text::line(&s.room),
            ]));
        }
    }
    blocks.push(Block::Table(Table::new(
        vec![
            TableColumn::new("Thời gian", 0.2, Align::Center),
            TableColumn::new("Nội dung", 0.42, Align::Left),
            TableColumn::new("Chủ trì / Trình bày", 0.23, Align::Left),
            TableColumn::new("Phòng", 0.15, Align::Center),
        ],
        rows,
    )));
    let meta = DocMeta {
        title: format!("Chương trình {}", text::line(&a.conference_name)),
        author: text::line(&a.header.issuing_agency),
        subject: "Chương trình hội nghị".into(),
    };
    render(&PageSetup::a4_portrait(), &meta, &blocks)
}
