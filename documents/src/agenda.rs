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
    /// Who chairs or presents, one person per line ("Ông Nguyễn Văn A, Vụ trưởng …").
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

/// "Thứ Hai, ngày 18 tháng 9 năm 2017": a heading, so it starts with a capital.
pub(crate) fn day_title(d: NaiveDate) -> String {
    format!("{}, {}", hoinghi_domain::text::capitalize_first(weekday_vi(d)), official_date(d))
}

/// The programme as a table: a heading row per day, then time, content, who, room. The time and room
/// columns are as wide as their longest entry (they never wrap), the others never cut a word.
pub(crate) fn agenda_table(days: &[AgendaDay]) -> Block {
    let mut rows = Vec::new();
    for day in days {
        rows.push(TableRow::Group(day_title(day.date)));
        for s in &day.sessions {
            rows.push(TableRow::Cells(vec![
                // No-break spaces: "07:30 - 08:00" stays on one line.
                format!("{}\u{a0}-\u{a0}{}", clock(s.start), clock(s.end)),
                text::line(&s.title),
                text::paragraphs(&s.presenter).join("\n"),
                text::line(&s.room),
            ]));
        }
    }
    let mut table = Table::new(
        vec![
            TableColumn::new("Thời gian", 0.0, Align::Center).nowrap(),
            TableColumn::new("Nội dung", 0.55, Align::Left).words(),
            TableColumn::new("Thực hiện", 0.45, Align::Left).words(),
            TableColumn::new("Địa điểm", 0.0, Align::Center).nowrap(),
        ],
        rows,
    );
    table.size = 12.0;
    Block::Table(table)
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
    blocks.push(agenda_table(&a.days));
    let meta = DocMeta {
        title: format!("Chương trình {}", text::line(&a.conference_name)),
        author: text::line(&a.header.issuing_agency),
        subject: "Chương trình hội nghị".into(),
    };
    render(&PageSetup::a4_portrait(), &meta, &blocks)
}
