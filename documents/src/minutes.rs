//! Biên bản (official minutes), template Mẫu 1.9 of Decree 30/2020/NĐ-CP.

use crate::layout::{
    Align, Block, DocMeta, HeaderSpec, MM, PageSetup, ParaStyle, Paragraph, Table, TableColumn, TableRow,
    official_header, render,
};
use crate::{DocumentError, text};
use chrono::NaiveDateTime;
use hoinghi_domain::time::{official_date, official_time};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Person {
    pub name: String,
    #[serde(default)]
    pub position: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct UnitCount {
    /// Province or unit.
    pub unit: String,
    pub expected: u32,
    pub present: u32,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Absentee {
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct KeyDelegate {
    pub name: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub unit: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Attendance {
    /// Free text before the counts ("Lãnh đạo Bảo hiểm xã hội Việt Nam; …").
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub expected: u32,
    #[serde(default)]
    pub present: u32,
    #[serde(default)]
    pub by_unit: Vec<UnitCount>,
    #[serde(default)]
    pub absentees: Vec<Absentee>,
    #[serde(default)]
    pub key_delegates: Vec<KeyDelegate>,
    #[serde(default)]
    pub guests: String,
}

/// One item of the proceedings, in the order it happened.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ProceedingItem {
    pub heading: String,
    #[serde(default)]
    pub presenter: String,
    /// Body text; each line is a paragraph. May run to many pages.
    #[serde(default)]
    pub body: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Opinion {
    pub speaker: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub unit: String,
    pub content: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AssignedTask {
    pub unit: String,
    pub task: String,
    /// As it should be printed ("30/9/2017", "Quý IV/2017").
    #[serde(default)]
    pub deadline: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Minutes {
    pub header: HeaderSpec,
    /// The meeting's name, printed under "BIÊN BẢN".
    pub meeting_name: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub venue: String,
    pub chair: Person,
    pub secretary: Person,
    #[serde(default)]
    pub attendance: Attendance,
    #[serde(default)]
    pub proceedings: Vec<ProceedingItem>,
    #[serde(default)]
    pub opinions: Vec<Opinion>,
    #[serde(default)]
    pub conclusions: String,
    #[serde(default)]
    pub tasks: Vec<AssignedTask>,
    /// Adds "Biên bản đã được thông qua trước hội nghị." to the closing.
    #[serde(default)]
    pub adopted: bool,
    /// Adds "Biên bản được lập thành 02 bản."
    #[serde(default)]
    pub copies: Option<u32>,
    /// "Nơi nhận:" list; "Lưu: VT, Hồ sơ." is appended when missing.
    #[serde(default)]
    pub recipients: Vec<String>,
}

fn heading(text: &str) -> Block {
    Block::text(text, ParaStyle::body().first_indent(0.0).bold().before(6.0).keep_with_next())
}

fn sub_heading(text: &str) -> Block {
    Block::text(text, ParaStyle::body().font(crate::FontStyle::BoldItalic).keep_with_next())
}

fn body(text: &str) -> Vec<Block> {
    text::paragraphs(text).into_iter().map(|p| Block::text(p, ParaStyle::body())).collect()
}

fn labelled(label: &str, value: &str) -> Block {
    Block::Paragraph(Paragraph::labelled(label, &text::line(value), ParaStyle::body()))
}

fn person(p: &Person) -> String {
    let name = text::line(&p.name);
    let pos = text::line(&p.position);
    if pos.is_empty() { name } else { format!("{name}, {pos}") }
}

fn when(t: NaiveDateTime) -> String {
    format!("{}, {}", official_time(t.time()), official_date(t.date()))
}

/// Renders the minutes to PDF bytes.
pub fn render_minutes(m: &Minutes) -> Result<Vec<u8>, DocumentError> {
    let mut blocks = vec![official_header(&m.header)];
    blocks.push(Block::text("BIÊN BẢN", ParaStyle::centered(14.0).bold()));
    blocks.push(Block::text(text::line(&m.meeting_name), ParaStyle::centered(14.0).bold()));
    blocks.push(Block::Rule { length: 40.0 * MM, align: Align::Center, thickness: 0.6 });
    blocks.push(Block::Spacer(10.0));

    blocks.push(labelled("Thời gian bắt đầu:", &when(m.start)));
    blocks.push(labelled("Địa điểm:", &m.venue));
    blocks.extend(attendance(&m.attendance));
    blocks.push(labelled("Chủ trì (chủ tọa):", &person(&m.chair)));
    blocks.push(labelled("Thư ký (người ghi biên bản):", &person(&m.secretary)));

    blocks.push(heading("Nội dung (theo diễn biến cuộc họp):"));
    for (i, item) in m.proceedings.iter().enumerate() {
        let presenter = text::line(&item.presenter);
        let title = if presenter.is_empty() {
            format!("{}. {}", i + 1, text::line(&item.heading))
        } else {
            format!("{}. {} ({})", i + 1, text::line(&item.heading), presenter)
        };
        blocks.push(sub_heading(&title));
        blocks.extend(body(&item.body));
    }
    if !m.opinions.is_empty() {
        blocks.push(heading("Ý kiến của các đại biểu dự họp:"));
        for o in &m.opinions {
            let who = [&o.speaker, &o.position, &o.unit]
                .iter()
                .map(|s| text::line(s))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            blocks.push(Block::Paragraph(Paragraph::labelled(
                &format!("- {who}:"),
                &text::line(&o.content),
                ParaStyle::body(),
            )));
        }
    }
    blocks.push(heading("Kết luận của người chủ trì:"));
    blocks.extend(body(&m.conclusions));
    if !m.tasks.is_empty() {
        blocks.push(Block::text("Phân công thực hiện:", ParaStyle::body().italic().keep_with_next()));
        let rows = m
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                TableRow::Cells(vec![
                    (i + 1).to_string(),
                    text::line(&t.unit),
                    text::line(&t.task),
                    text::line(&t.deadline),
                ])
            })
            .collect();
        blocks.push(Block::Table(Table::new(
            vec![
                TableColumn::new("STT", 0.08, Align::Center),
                TableColumn::new("Đơn vị thực hiện", 0.27, Align::Left),
                TableColumn::new("Nhiệm vụ", 0.45, Align::Justify),
                TableColumn::new("Thời hạn", 0.2, Align::Center),
            ],
            rows,
        )));
        blocks.push(Block::Spacer(6.0));
    }

    let mut closing = format!("Cuộc họp kết thúc vào {}./.", when(m.end));
    if m.adopted {
        closing = format!("Cuộc họp kết thúc vào {}. Biên bản đã được thông qua trước cuộc họp.", when(m.end));
    }
    let mut end_blocks = vec![Block::text(closing, ParaStyle::body())];
    if let Some(n) = m.copies {
        end_blocks.push(Block::text(format!("Biên bản được lập thành {n:02} bản./."), ParaStyle::body()));
    }
    // The closing sentence travels with the signatures so a page never starts with bare signatures.
    end_blocks.push(Block::Spacer(6.0));
    end_blocks.push(signatures(&m.secretary.name, &m.chair.name));
    blocks.push(Block::KeepTogether(end_blocks));
    blocks.push(recipients(&m.recipients));

    let setup = PageSetup::a4_portrait();
    let meta = DocMeta {
        title: format!("Biên bản {}", text::line(&m.meeting_name)),
        author: text::line(&m.header.issuing_agency),
        subject: format!("Số {}", text::line(&m.header.number)),
    };
    render(&setup, &meta, &blocks)
}

fn attendance(a: &Attendance) -> Vec<Block> {
    let mut out = vec![heading("Thành phần tham dự:")];
    out.extend(body(&a.summary));
    if a.expected > 0 || a.present > 0 {
        let absent = a.expected.saturating_sub(a.present);
        out.push(Block::text(
            format!("Số đại biểu được triệu tập: {}; có mặt: {}; vắng mặt: {}.", a.expected, a.present, absent),
            ParaStyle::body(),
        ));
    }
    if !a.by_unit.is_empty() {
        let mut rows: Vec<TableRow> = a
            .by_unit
            .iter()
            .enumerate()
            .map(|(i, u)| {
                TableRow::Cells(vec![
                    (i + 1).to_string(),
                    text::line(&u.unit),
                    u.expected.to_string(),
                    u.present.to_string(),
                    u.expected.saturating_sub(u.present).to_string(),
                ])
            })
            .collect();
        let (e, p) = a.by_unit.iter().fold((0, 0), |(e, p), u| (e + u.expected, p + u.present));
        rows.push(TableRow::Cells(vec![
            String::new(),
            "Tổng cộng".into(),
            e.to_string(),
            p.to_string(),
            (e.saturating_sub(p)).to_string(),
        ]));
        out.push(Block::Table(Table::new(
            vec![
                TableColumn::new("STT", 0.08, Align::Center),
                TableColumn::new("Tỉnh, thành phố / đơn vị", 0.47, Align::Left),
                TableColumn::new("Triệu tập", 0.15, Align::Center),
                TableColumn::new("Có mặt", 0.15, Align::Center),
                TableColumn::new("Vắng", 0.15, Align::Center),
            ],
            rows,
        )));
        out.push(Block::Spacer(6.0));
    }
    if !a.absentees.is_empty() {
        out.push(Block::text("Vắng mặt:", ParaStyle::body().italic().keep_with_next()));
        for ab in &a.absentees {
            let mut s = format!("- {}", text::line(&ab.name));
            if !ab.unit.trim().is_empty() {
                s.push_str(&format!(", {}", text::line(&ab.unit)));
            }
            if !ab.reason.trim().is_empty() {
                s.push_str(&format!(" (lý do: {})", text::line(&ab.reason)));
            }
            s.push(';');
            out.push(Block::text(s, ParaStyle::body()));
        }
    }
    if !a.key_delegates.is_empty() {
        out.push(Block::text("Đại biểu chủ chốt:", ParaStyle::body().italic().keep_with_next()));
        let rows = a
            .key_delegates
            .iter()
            .enumerate()
            .map(|(i, d)| {
                TableRow::Cells(vec![
                    (i + 1).to_string(),
                    text::line(&d.name),
                    text::line(&d.position),
                    text::line(&d.unit),
                ])
            })
            .collect();
        out.push(Block::Table(Table::new(
            vec![
                TableColumn::new("STT", 0.08, Align::Center),
                TableColumn::new("Họ và tên", 0.3, Align::Left),
                TableColumn::new("Chức vụ", 0.27, Align::Left),
                TableColumn::new("Đơn vị", 0.35, Align::Left),
            ],
            rows,
        )));
        out.push(Block::Spacer(6.0));
    }
    if !a.guests.trim().is_empty() {
        out.push(labelled("Khách mời:", &a.guests));
    }
    out
}

/// THƯ KÝ on the left, CHỦ TỌA on the right; names in bold under the signing space.
pub(crate) fn signatures(left_name: &str, right_name: &str) -> Block {
    let col = |title: &str, name: &str| {
        vec![
            Block::text(title, ParaStyle::centered(14.0).bold()),
            Block::text("(Ký, ghi rõ họ tên)", ParaStyle::centered(13.0).italic()),
            Block::Spacer(70.0),
            Block::text(text::line(name), ParaStyle::centered(14.0).bold()),
        ]
    };
    Block::Columns(vec![(0.5, col("THƯ KÝ", left_name)), (0.5, col("CHỦ TỌA", right_name))])
}

fn recipients(list: &[String]) -> Block {
    let mut lines: Vec<String> = list.iter().map(|r| text::line(r)).filter(|r| !r.is_empty()).collect();
    if !lines.iter().any(|l| l.starts_with("Lưu")) {
        lines.push("Lưu: VT, Hồ sơ.".into());
    }
    let n = lines.len();
    let mut blocks =
        vec![Block::Spacer(12.0), Block::text("Nơi nhận:", ParaStyle::plain(12.0).font(crate::FontStyle::BoldItalic))];
    for (i, l) in lines.into_iter().enumerate() {
        let l = l.trim_start_matches('-').trim().trim_end_matches([';', '.']).to_string();
        let end = if i + 1 == n { "." } else { ";" };
        blocks.push(Block::text(format!("- {l}{end}"), ParaStyle::plain(11.0).line_height(1.15)));
    }
    // Recipients sit in the left half, like the secretary's column above.
    Block::KeepTogether(vec![Block::Columns(vec![(0.5, blocks), (0.5, Vec::new())])])
}
