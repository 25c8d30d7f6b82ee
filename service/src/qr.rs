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

/// The largest picture read (pixels on a side): a desk camera frame is sent at 640 wide.
const MAX_SIDE: u32 = 2000;

/// The text of the first QR code found in a picture given as a `data:image/…;base64,…` address (as a
/// browser's canvas writes it), if any. Anything that is not such a picture reads as nothing.
pub fn read_data_url(data_url: &str) -> Option<String> {
    use base64::Engine;
    let (head, data) = data_url.split_once(',')?;
    if !(head.starts_with("data:image/") && head.ends_with(";base64")) {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(data.trim()).ok()?;
    read(&bytes)
}

/// The text of the first QR code found in a JPEG, PNG or WebP picture.
pub fn read(bytes: &[u8]) -> Option<String> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().ok()?;
    let (w, h) = reader.into_dimensions().ok()?;
    if w > MAX_SIDE || h > MAX_SIDE {
        return None;
    }
    let picture = image::load_from_memory(bytes).ok()?.to_luma8();
    let (w, h) = picture.dimensions();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
        picture.get_pixel(x as u32, y as u32).0[0]
    });
    prepared.detect_grids().into_iter().find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A badge's code drawn as a picture, then read back, as the desk's camera would.
    #[test]
    fn a_drawn_code_reads_back() {
        let (side, dark) = modules("K7Q4M-2XAB9").unwrap();
        let scale = 8u32;
        let quiet = 4u32;
        let size = (side as u32 + 2 * quiet) * scale;
        let picture = image::GrayImage::from_fn(size, size, |x, y| {
            let (mx, my) = ((x / scale) as i64 - quiet as i64, (y / scale) as i64 - quiet as i64);
            let on = mx >= 0
                && my >= 0
                && (mx as usize) < side
                && (my as usize) < side
                && dark[my as usize * side + mx as usize];
            image::Luma([if on { 0 } else { 255 }])
        });
        let mut png = Vec::new();
        picture.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        assert_eq!(read(&png).as_deref(), Some("K7Q4M-2XAB9"));
        use base64::Engine;
        let url = format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(&png));
        assert_eq!(read_data_url(&url).as_deref(), Some("K7Q4M-2XAB9"));
        assert_eq!(read_data_url("data:text/html;base64,PGI+"), None);
        assert_eq!(read(b"not a picture"), None);
    }
}
