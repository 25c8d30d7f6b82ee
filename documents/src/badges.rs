//! Thẻ đại biểu: 2 × 4 badges per A4 sheet, framed as cutting guides, with the delegate's QR code.

use crate::layout::{Align, Block, DocMeta, MM, Margins, PageSetup, ParaStyle, Placed, render};
use crate::{DocumentError, text};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Badge {
    pub name: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub unit: String,
    /// "ĐẠI BIỂU", "KHÁCH MỜI", "BAN TỔ CHỨC"…
    #[serde(default)]
    pub role: String,
    /// Encoded in the QR code (check-in token or URL).
    pub qr_payload: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct BadgeSheet {
    pub conference_name: String,
    pub badges: Vec<Badge>,
}

const COLS: usize = 2;
const ROWS: usize = 4;

fn badge(b: &Badge, conference: &str, w: f32, h: f32) -> Block {
    let pad = 5.0 * MM;
    let inner = w - 2.0 * pad;
    let qr = 24.0 * MM;
    let role = text::line(&b.role);
    let info = vec![
        Block::text(conference.to_uppercase(), ParaStyle::centered(9.0).bold().line_height(1.1)),
        Block::Rule { length: 25.0 * MM, align: Align::Center, thickness: 0.5 },
        Block::text(
            if role.is_empty() { "ĐẠI BIỂU".into() } else { role.to_uppercase() },
            ParaStyle::centered(10.0).bold().before(2.0),
        ),
        Block::text(text::line(&b.name), ParaStyle::centered(16.0).bold().line_height(1.1).before(3.0)),
        Block::text(text::line(&b.position), ParaStyle::centered(10.0).italic().line_height(1.1)),
        Block::text(text::line(&b.unit), ParaStyle::centered(10.0).line_height(1.1)),
    ];
    Block::Canvas {
        height: h,
        frame: 0.5,
        items: vec![
            Placed { x: pad, y: pad, width: inner, block: Block::KeepTogether(info) },
            Placed {
                x: (w - qr) / 2.0,
                y: h - qr - 3.0 * MM,
                width: qr,
                block: Block::Qr { data: b.qr_payload.clone(), size: qr, align: Align::Center },
            },
        ],
    }
}

pub fn render_badges(s: &BadgeSheet) -> Result<Vec<u8>, DocumentError> {
    let setup =
        PageSetup { margins: Margins::mm(10.0, 10.0, 10.0, 10.0), page_numbers: false, ..PageSetup::a4_portrait() };
    let w = setup.content_width() / COLS as f32;
    let h = setup.content_height() / ROWS as f32;
    let conference = text::line(&s.conference_name);
    let mut blocks = Vec::new();
    for (i, row) in s.badges.chunks(COLS).enumerate() {
        if i > 0 && i % ROWS == 0 {
            blocks.push(Block::PageBreak);
        }
        let cols = (0..COLS)
            .map(|c| (1.0, row.get(c).map(|b| vec![badge(b, &conference, w, h)]).unwrap_or_default()))
            .collect();
        blocks.push(Block::Columns(cols));
    }
    let meta =
        DocMeta {
            title: format!("Thẻ đại biểu {conference}"), author: String::new(), subject: "Thẻ đại biểu".into()
        };
    render(&setup, &meta, &blocks)
}
