//! Helpers that run the real poppler and qpdf tools on rendered PDFs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh directory for one test's files.
pub fn dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join("hoinghi-documents-tests").join(test);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn write(dir: &Path, name: &str, pdf: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, pdf).unwrap();
    p
}

pub fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("cannot run {cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn text(pdf: &Path) -> String {
    run("pdftotext", &[pdf.to_str().unwrap(), "-"])
}

pub fn text_layout(pdf: &Path) -> String {
    run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

/// Text of each page (pdftotext separates pages with form feeds).
pub fn pages(pdf: &Path) -> Vec<String> {
    let mut p: Vec<String> = text(pdf).split('\u{c}').map(str::to_string).collect();
    if p.last().is_some_and(|l| l.trim().is_empty()) {
        p.pop();
    }
    p
}

pub fn qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf").args(["--check", pdf.to_str().unwrap()]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "qpdf --check failed: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("No syntax or stream encoding errors"), "{stdout}");
    assert!(out.stderr.is_empty(), "qpdf warnings: {}", String::from_utf8_lossy(&out.stderr));
}

/// Every font listed by pdffonts is embedded and subset; returns the font names.
pub fn fonts_embedded_and_subset(pdf: &Path) -> Vec<String> {
    let out = run("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = out.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty(), "no fonts: {out}");
    rows.iter()
        .map(|row| {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type [type…] encoding emb sub uni object ID: the flags are the 5th–3rd last
            let n = cols.len();
            assert_eq!(cols[n - 5], "yes", "not embedded: {row}");
            assert_eq!(cols[n - 4], "yes", "not subset: {row}");
            assert_eq!(cols[n - 3], "yes", "no ToUnicode: {row}");
            assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "no subset tag: {row}");
            cols[0].to_string()
        })
        .collect()
}

pub fn info(pdf: &Path) -> String {
    run("pdfinfo", &[pdf.to_str().unwrap()])
}

pub fn page_count(pdf: &Path) -> usize {
    info(pdf).lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

#[derive(Debug, Clone)]
pub struct WordBox {
    pub page: usize,
    pub x_min: f32,
    pub y_min: f32,
    pub x_max: f32,
    pub y_max: f32,
    pub text: String,
}

fn attr(tag: &str, name: &str) -> f32 {
    let key = format!("{name}=\"");
    let i = tag.find(&key).unwrap() + key.len();
    tag[i..].split('"').next().unwrap().parse().unwrap()
}

/// Word boxes from `pdftotext -bbox` (pt, origin top left), and the page sizes.
pub fn word_boxes(pdf: &Path) -> (Vec<(f32, f32)>, Vec<WordBox>) {
    let html = run("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let mut pages = Vec::new();
    let mut words = Vec::new();
    for line in html.lines() {
        let l = line.trim();
        if l.starts_with("<page ") {
            pages.push((attr(l, "width"), attr(l, "height")));
        } else if l.starts_with("<word ") {
            let text = l.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("").to_string();
            words.push(WordBox {
                page: pages.len(),
                x_min: attr(l, "xMin"),
                y_min: attr(l, "yMin"),
                x_max: attr(l, "xMax"),
                y_max: attr(l, "yMax"),
                text: text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\""),
            });
        }
    }
    (pages, words)
}

/// The 134 precomposed Vietnamese letters: 12 vowels × 6 tones in two cases, minus the 5 plain
/// ASCII vowels per case, plus đ and Đ.
pub fn vietnamese_letters() -> Vec<char> {
    use unicode_normalization::UnicodeNormalization;
    let vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
    let tones = ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"];
    let mut lower = Vec::new();
    for v in vowels {
        for t in tones {
            let s: String = format!("{v}{t}").nfc().collect();
            assert_eq!(s.chars().count(), 1, "{s:?} has no precomposed form");
            let c = s.chars().next().unwrap();
            if !c.is_ascii() {
                lower.push(c);
            }
        }
    }
    lower.push('đ');
    let upper: Vec<char> = lower.iter().map(|c| c.to_uppercase().next().unwrap()).collect();
    let all: Vec<char> = lower.into_iter().chain(upper).collect();
    assert_eq!(all.len(), 134);
    all
}

/// The names of the signature fields `pdfsig` finds, and whether it calls each unsigned.
pub fn signature_fields(pdf: &Path) -> Vec<(String, bool)> {
    let out = Command::new("pdfsig").arg(pdf).output().expect("pdfsig (poppler-utils)");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let mut fields = Vec::new();
    for block in text.split("Signature #").skip(1) {
        let name = block
            .lines()
            .find_map(|l| l.trim().strip_prefix("- Signature Field Name:"))
            .map(|n| n.trim().to_string())
            .unwrap_or_default();
        fields.push((name, block.contains("not signed")));
    }
    fields
}
