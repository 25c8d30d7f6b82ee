//! Renders ~60 pages of minutes, 200 badges, and a batch of 34 invitations with a 3-page programme
//! appendix each (one file per unit and one merged file), printing time and size of each.
//! Run in release: `cargo run -p hoinghi-documents --release --bin documents_bench`.

use hoinghi_documents::{render_badges, render_letter, render_letters, render_minutes, samples};
use std::time::Instant;

fn main() -> Result<(), hoinghi_documents::DocumentError> {
    // Fonts are parsed once per process; do it before timing, as a server would at start-up.
    let _ = render_badges(&samples::badges(1))?;

    let minutes = samples::minutes(34_000);
    let t = Instant::now();
    let pdf = render_minutes(&minutes)?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let pages = count_pages(&pdf);
    println!("minutes: {pages} pages, {ms:.1} ms, {} bytes", pdf.len());

    let badges = samples::badges(200);
    let t = Instant::now();
    let pdf = render_badges(&badges)?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    println!("badges: 200 badges, {} pages, {ms:.1} ms, {} bytes", count_pages(&pdf), pdf.len());

    let programme = samples::long_programme(2);
    let letters: Vec<_> = (0..34).map(|n| samples::invitation(n, &programme)).collect();
    let t = Instant::now();
    let mut each = 0;
    for l in &letters {
        each += render_letter(l)?.len();
    }
    let each_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let merged = render_letters(&letters, "Giấy mời")?;
    let merged_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "invitations: 34 files in {each_ms:.1} ms ({each} bytes in all); merged: {} pages, {merged_ms:.1} ms, {} bytes",
        count_pages(&merged),
        merged.len()
    );
    Ok(())
}

fn count_pages(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).map(|d| d.get_pages().len()).unwrap_or(0)
}
