//! Giấy chứng nhận: one landscape A4 page per recipient, inside a double frame.

use crate::layout::{Block, DocMeta, HeaderSpec, MM, Margins, PageSetup, ParaStyle, Placed, official_header, render};
use crate::{DocumentError, text};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CertificateRecipient {
    pub name: String,
    #[serde(default)]
    pub unit: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CertificateBatch {
    pub header: HeaderSpec,
    /// What is certified, after the name: "Đã hoàn thành chương trình tập huấn …".
    pub achievement: String,
    /// "Hà Nội, ngày 19 tháng 9 năm 2017".
    #[serde(default)]
    pub place_date: String,
    /// "GIÁM ĐỐC", "TM. BAN TỔ CHỨC"…
    pub signer_title: String,
    pub signer_name: String,
    pub recipients: Vec<CertificateRecipient>,
}

pub fn render_certificates(c: &CertificateBatch) -> Result<Vec<u8>, DocumentError> {
    let setup =
        PageSetup { margins: Margins::mm(15.0, 15.0, 15.0, 15.0), page_numbers: false, ..PageSetup::a4_landscape() };
    let (w, h) = (setup.content_width(), setup.content_height());
    let pad = 12.0 * MM;
    let header = HeaderSpec { place_date: None, ..c.header.clone() };
    let mut blocks = Vec::new();
    for (i, r) in c.recipients.iter().enumerate() {
        if i > 0 {
            blocks.push(Block::PageBreak);
        }
        let unit = text::line(&r.unit);
        let mut content = vec![
            official_header(&header),
            Block::Spacer(24.0),
            Block::text("GIẤY CHỨNG NHẬN", ParaStyle::centered(30.0).bold().after(20.0)),
            Block::text(format!("Chứng nhận: {}", text::line(&r.name)), ParaStyle::centered(22.0).bold().after(8.0)),
        ];
        if !unit.is_empty() {
            content.push(Block::text(format!("Đơn vị: {unit}"), ParaStyle::centered(15.0).after(4.0)));
        }
        content.push(Block::text(text::line(&c.achievement), ParaStyle::centered(16.0).after(30.0)));
        let signer = vec![
            Block::text(text::line(&c.place_date), ParaStyle::centered(14.0).italic()),
            Block::text(text::line(&c.signer_title).to_uppercase(), ParaStyle::centered(14.0).bold()),
            Block::Spacer(70.0),
            Block::text(text::line(&c.signer_name), ParaStyle::centered(14.0).bold()),
        ];
        content.push(Block::Columns(vec![(0.5, Vec::new()), (0.5, signer)]));
        blocks.push(Block::Canvas {
            height: h,
            frame: 2.0,
            items: vec![
                Placed {
                    x: 2.0 * MM,
                    y: 2.0 * MM,
                    width: w - 4.0 * MM,
                    block: Block::Canvas { height: h - 4.0 * MM, frame: 0.6, items: Vec::new() },
                },
                Placed { x: pad, y: pad, width: w - 2.0 * pad, block: Block::KeepTogether(content) },
            ],
        });
    }
    let meta = DocMeta {
        title: "Giấy chứng nhận".into(),
        author: text::line(&c.header.issuing_agency),
        subject: text::line(&c.achievement),
    };
    render(&setup, &meta, &blocks)
}
