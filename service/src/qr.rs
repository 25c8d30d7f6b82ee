//! QR codes as SVG (for pages) and as module grids (for PDF badges), medium error correction.

use qrcode::{EcLevel, QrCode};

/// An SVG QR code of `text`, scaled by the page.
pub fn svg(text: &str) -> String {
    match QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) {
        Ok(code) => code.render::<qrcode::render::svg::Color>().min_dimensions(160, 160).quiet_zone(true).build(),
        Err(_) => String::new(),
    }
}

/// The dark modules of `text`'s QR code, row by row, with its side length.
pub fn modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    Some((width, code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect()))
}
