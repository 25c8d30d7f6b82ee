//! QR codes as vector squares (crisp at any zoom, no image decoder needed).

use super::frag::{Draw, Frag};
use qrcode::{Color, EcLevel, QrCode};

/// Modules of white border the QR specification asks for around the symbol.
const QUIET: usize = 4;

/// A `size`-pt square QR fragment at `x`. Data too long for a QR code yields an empty square
/// rather than an error: a badge without a code is still a usable badge.
pub(crate) fn qr_frag(data: &str, x: f32, size: f32) -> Frag {
    let Ok(code) = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M) else {
        return Frag { height: size, draws: Vec::new() };
    };
    let n = code.width();
    let module = size / (n + 2 * QUIET) as f32;
    let colors = code.to_colors();
    let mut draws = Vec::new();
    for row in 0..n {
        // One rectangle per horizontal run of dark modules keeps the content stream small.
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == Color::Dark {
                    col += 1;
                }
                draws.push(Draw::Rect {
                    x: x + (QUIET + start) as f32 * module,
                    y: (QUIET + row) as f32 * module,
                    w: (col - start) as f32 * module,
                    // a hair taller so rows do not show seams when rasterised
                    h: module * 1.02,
                    stroke: 0.0,
                });
            } else {
                col += 1;
            }
        }
    }
    Frag { height: size, draws }
}
