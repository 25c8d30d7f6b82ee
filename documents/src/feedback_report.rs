//! Báo cáo kết quả góp ý: a feedback form's results on paper, for the secretariat's file and the minutes.
//! Per question: answers, mean (ratings), the distribution as a table, and the comments.

use crate::layout::{
    Align, Block, DocMeta, HeaderSpec, MM, PageSetup, ParaStyle, Table, TableColumn, TableRow, official_header, render,
};
use crate::{DocumentError, text};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ReportQuestion {
    pub prompt: String,
    pub answered: i64,
    pub mean: Option<f64>,
    /// (label, count), in order.
    #[serde(default)]
    pub distribution: Vec<(String, i64)>,
    #[serde(default)]
    pub comments: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct FeedbackReport {
    pub header: HeaderSpec,
    pub conference_name: String,
    /// The form: the conference's, or a session's title.
    pub subject: String,
    pub respondents: i64,
    pub anonymous: bool,
    pub questions: Vec<ReportQuestion>,
}

/// Comments printed per question; the rest are counted (all are in the CSV export).
const MAX_COMMENTS: usize = 200;

fn decimal(v: f64) -> String {
    format!("{v:.2}").replace('.', ",")
}

pub fn render_feedback_report(r: &FeedbackReport) -> Result<Vec<u8>, DocumentError> {
    let mut blocks = vec![
        official_header(&r.header),
        Block::text("BÁO CÁO KẾT QUẢ GÓP Ý", ParaStyle::centered(14.0).bold()),
        Block::text(text::line(&r.subject), ParaStyle::centered(14.0).bold()),
        Block::text(text::line(&r.conference_name), ParaStyle::centered(13.0).italic()),
        Block::Rule { length: 40.0 * MM, align: Align::Center, thickness: 0.6 },
        Block::Spacer(6.0),
        Block::text(
            format!(
                "Số đại biểu đã góp ý: {}. Hình thức: {}.",
                r.respondents,
                if r.anonymous { "ẩn danh" } else { "ghi tên" }
            ),
            ParaStyle::body(),
        ),
    ];
    for (i, q) in r.questions.iter().enumerate() {
        blocks.push(Block::text(
            format!("{}. {}", i + 1, text::line(&q.prompt)),
            ParaStyle::body().bold().before(8.0).keep_with_next(),
        ));
        let mut line = format!("Số câu trả lời: {}", q.answered);
        if let Some(m) = q.mean {
            line.push_str(&format!("; điểm trung bình: {} / 5", decimal(m)));
        }
        blocks.push(Block::text(format!("{line}."), ParaStyle::body().keep_with_next()));
        if !q.distribution.is_empty() {
            let total: i64 = q.distribution.iter().map(|(_, c)| *c).sum();
            let rows = q
                .distribution
                .iter()
                .map(|(label, count)| {
                    let share = if total > 0 { format!("{}%", count * 100 / total) } else { "0%".into() };
                    TableRow::Cells(vec![text::line(label), count.to_string(), share])
                })
                .collect();
            let mut table = Table::new(
                vec![
                    TableColumn::new("Mức / lựa chọn", 0.6, Align::Left),
                    TableColumn::new("Số lượt", 0.2, Align::Center),
                    TableColumn::new("Tỷ lệ", 0.2, Align::Center),
                ],
                rows,
            );
            table.size = 12.0;
            blocks.push(Block::Table(table));
        }
        for c in q.comments.iter().take(MAX_COMMENTS) {
            blocks.push(Block::text(format!("- {}", text::block(c)), ParaStyle::body().indent(6.0 * MM)));
        }
        if q.comments.len() > MAX_COMMENTS {
            blocks.push(Block::text(
                format!("(và {} ý kiến khác, xem tệp CSV kèm theo)", q.comments.len() - MAX_COMMENTS),
                ParaStyle::body().italic(),
            ));
        }
    }
    let meta = DocMeta {
        title: format!("Báo cáo kết quả góp ý: {}", text::line(&r.subject)),
        author: text::line(&r.header.issuing_agency),
        subject: "Báo cáo kết quả góp ý".into(),
    };
    render(&PageSetup::a4_portrait(), &meta, &blocks)
}
