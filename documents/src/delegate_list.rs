//! Danh sách đại biểu, grouped by province then unit, numbered through.

use crate::layout::{
    Align, Block, DocMeta, HeaderSpec, MM, PageSetup, ParaStyle, Table, TableColumn, TableRow, official_header, render,
};
use crate::{DocumentError, text};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ListedDelegate {
    pub name: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DelegateList {
    pub header: HeaderSpec,
    pub conference_name: String,
    /// Listed in this order within each group; groups appear in order of first appearance
    /// (sorting Vietnamese names is the caller's job, see `docs/vietnamese-text.md`).
    pub delegates: Vec<ListedDelegate>,
}

/// Groups preserving first-appearance order.
fn group_by<'a, T>(items: impl IntoIterator<Item = &'a T>, key: impl Fn(&T) -> String) -> Vec<(String, Vec<&'a T>)>
where
    T: 'a,
{
    let mut groups: Vec<(String, Vec<&T>)> = Vec::new();
    for item in items {
        let k = key(item);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, v)) => v.push(item),
            None => groups.push((k, vec![item])),
        }
    }
    groups
}

pub fn render_delegate_list(l: &DelegateList) -> Result<Vec<u8>, DocumentError> {
    let mut blocks = vec![
        official_header(&l.header),
        Block::text("DANH SÁCH ĐẠI BIỂU", ParaStyle::centered(14.0).bold()),
        Block::text(text::line(&l.conference_name), ParaStyle::centered(14.0).bold()),
        Block::Rule { length: 40.0 * MM, align: Align::Center, thickness: 0.6 },
        Block::Spacer(10.0),
    ];
    let mut rows = Vec::new();
    let mut n = 0;
    for (province, members) in group_by(&l.delegates, |d| text::line(&d.province)) {
        if !province.is_empty() {
            rows.push(TableRow::Group(province.to_uppercase()));
        }
        for (unit, people) in group_by(members, |d| text::line(&d.unit)) {
            if !unit.is_empty() {
                rows.push(TableRow::Group(unit));
            }
            for d in people {
                n += 1;
                rows.push(TableRow::Cells(vec![
                    n.to_string(),
                    text::line(&d.name),
                    text::line(&d.position),
                    text::line(&d.note),
                ]));
            }
        }
    }
    blocks.push(Block::Table(Table::new(
        vec![
            TableColumn::new("STT", 0.08, Align::Center),
            TableColumn::new("Họ và tên", 0.34, Align::Left),
            TableColumn::new("Chức vụ", 0.38, Align::Left),
            TableColumn::new("Ghi chú", 0.2, Align::Left),
        ],
        rows,
    )));
    blocks.push(Block::text(format!("Tổng số: {n} đại biểu./."), ParaStyle::body().first_indent(0.0).before(8.0)));
    let meta = DocMeta {
        title: format!("Danh sách đại biểu {}", text::line(&l.conference_name)),
        author: text::line(&l.header.issuing_agency),
        subject: "Danh sách đại biểu".into(),
    };
    render(&PageSetup::a4_portrait(), &meta, &blocks)
}
