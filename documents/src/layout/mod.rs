//! The layout engine every document uses: blocks ([`Block`]) flowed onto A4 pages with the decree's
//! margins, real glyph metrics for line breaking, tables that continue across pages, keep-together
//! groups, and the official two-column heading.

mod block;
mod flow;
mod frag;
mod header;
mod lines;
mod qr;
mod render;
mod style;
mod table;

pub use block::{Block, Fit, Paragraph, Placed, Table, TableColumn, TableRow};
pub use header::HeaderSpec;
pub use lines::Span;
pub use render::{DocMeta, Margins, PageSetup, render};
pub use style::{Align, MM, ParaStyle};

pub(crate) use header::official_header;
