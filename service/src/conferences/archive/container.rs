//! The archive's container: a zip file with `conference.json` and one `files/<sha256>` per stored file.
//!
//! Writing is deterministic (fixed order, fixed times and permissions), so the same conference gives the
//! same bytes. Reading trusts nothing: the archive's size, each entry's name (only the two forms above:
//! no `..`, no absolute path, no folder), no duplicate or overlapping entries, and sizes measured while
//! unpacking (a zip bomb's declared sizes lie) against a limit per entry and in total.

use hoinghi_domain::{AppError, Message};
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

pub const JSON_ENTRY: &str = "conference.json";
const FILES_PREFIX: &str = "files/";

/// Largest archive accepted.
pub const MAX_ARCHIVE_BYTES: u64 = 1024 * 1024 * 1024;
/// Largest `conference.json`, unpacked. A delegate takes 5–40 KB (most of it the outbox: each confirmation
/// carries the delegate's sessions as an invitation), so this is room for 10,000 delegates or more.
pub const MAX_JSON_BYTES: u64 = 512 * 1024 * 1024;
/// Largest stored file, unpacked (uploads are limited to 20 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Everything unpacked together: what an import may hold in memory.
pub const MAX_UNPACKED_BYTES: u64 = 1536 * 1024 * 1024;
/// Most entries (one per distinct stored file, and the JSON).
pub const MAX_ENTRIES: usize = 100_000;

fn options(method: CompressionMethod) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(method)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .large_file(false)
}

/// The zip of a conference: its JSON, then its files' bytes by SHA-256 (stored as they are: photos and
/// documents are compressed already).
pub fn write(json: &[u8], files: &BTreeMap<String, Vec<u8>>) -> anyhow::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(JSON_ENTRY, options(CompressionMethod::Deflated))?;
    zip.write_all(json)?;
    for (sha, bytes) in files {
        zip.start_file(format!("{FILES_PREFIX}{sha}"), options(CompressionMethod::Stored))?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// What an archive holds, unpacked and checked.
#[derive(Debug)]
pub struct Unpacked {
    pub json: Vec<u8>,
    /// By SHA-256 (checked against the bytes).
    pub files: BTreeMap<String, Vec<u8>>,
}

fn refuse(key: &str) -> AppError {
    AppError::invalid("archive", Message::new(key))
}

fn refuse_entry(key: &str, name: &str) -> AppError {
    AppError::invalid("archive", Message::new(key).arg("entry", printable(name)))
}

/// An entry's name as it may be shown: control characters replaced, at most 120 characters.
fn printable(name: &str) -> String {
    name.chars().map(|c| if c.is_control() { '?' } else { c }).take(120).collect()
}

/// Whether a name tries to leave the folder it is unpacked into.
fn unsafe_path(name: &str) -> bool {
    let n = name.replace('\\', "/");
    n.starts_with('/')
        || n.as_bytes().get(1) == Some(&b':')
        || n.split('/').any(|part| part == "..")
        || name.contains('\0')
}

pub fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Reads at most `limit` bytes of an entry; more is a refusal.
fn read_limited(entry: impl Read, limit: u64, name: &str, budget: &mut u64) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    let cap = limit.min(*budget);
    let read = entry.take(cap + 1).read_to_end(&mut out);
    if read.is_err() {
        return Err(refuse_entry("archive-error-damaged-entry", name));
    }
    if out.len() as u64 > cap {
        return Err(if cap < limit {
            refuse("archive-error-too-large-unpacked")
        } else {
            refuse_entry("archive-error-entry-too-large", name)
        });
    }
    *budget -= out.len() as u64;
    Ok(out)
}

/// Unpacks and checks an archive. Every refusal is an `Invalid` error on the field `archive` with a
/// message saying what is wrong.
pub fn read(bytes: &[u8]) -> Result<Unpacked, AppError> {
    if bytes.len() as u64 > MAX_ARCHIVE_BYTES {
        return Err(AppError::TooLarge { max_bytes: MAX_ARCHIVE_BYTES });
    }
    if !bytes.starts_with(b"PK") {
        return Err(refuse("archive-error-not-zip"));
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| refuse("archive-error-damaged"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(refuse("archive-error-too-many-entries"));
    }
    let names: Vec<String> = zip.file_names_raw().map(|n| String::from_utf8_lossy(n).into_owned()).collect();
    for name in &names {
        if unsafe_path(name) {
            return Err(refuse_entry("archive-error-unsafe-path", name));
        }
        let known = name == JSON_ENTRY || name.strip_prefix(FILES_PREFIX).is_some_and(is_sha256);
        if !known {
            return Err(refuse_entry("archive-error-unknown-entry", name));
        }
    }
    // Two entries under one name: which one counts would depend on the reader.
    let distinct: std::collections::HashSet<&str> = names.iter().map(String::as_str).collect();
    if zip.has_duplicate_names() || distinct.len() != names.len() {
        return Err(refuse("archive-error-duplicate-entry"));
    }
    // Entries that share bytes are how some zip bombs multiply a small file.
    if zip.has_overlapping_entries().map_err(|_| refuse("archive-error-damaged"))? {
        return Err(refuse("archive-error-overlapping"));
    }
    let mut budget = MAX_UNPACKED_BYTES;
    let mut json = None;
    let mut files = BTreeMap::new();
    for (i, name) in names.iter().enumerate() {
        let entry = zip.by_index(i).map_err(|_| refuse("archive-error-damaged"))?;
        if entry.name_raw() != name.as_bytes() {
            return Err(refuse("archive-error-damaged"));
        }
        if entry.encrypted() || entry.is_dir() {
            return Err(refuse_entry("archive-error-unknown-entry", name));
        }
        if name == JSON_ENTRY {
            json = Some(read_limited(entry, MAX_JSON_BYTES, name, &mut budget)?);
        } else {
            let data = read_limited(entry, MAX_FILE_BYTES, name, &mut budget)?;
            let sha = &name[FILES_PREFIX.len()..];
            if sha256(&data) != sha {
                return Err(refuse_entry("archive-error-file-hash", name));
            }
            files.insert(sha.to_string(), data);
        }
    }
    let json = json.ok_or_else(|| refuse("archive-error-no-json"))?;
    Ok(Unpacked { json, files })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_same_bytes_twice_and_reads_them_back() {
        let files = BTreeMap::from([(sha256(b"abc"), b"abc".to_vec())]);
        let a = write(b"{}", &files).unwrap();
        assert_eq!(a, write(b"{}", &files).unwrap());
        let back = read(&a).unwrap();
        assert_eq!((back.json, back.files), (b"{}".to_vec(), files));
    }

    #[test]
    fn sizes_are_measured_while_unpacking_not_taken_from_headers() {
        let key = |e: AppError| match e {
            AppError::Invalid { fields } => fields[0].message.key.clone(),
            other => panic!("{other:?}"),
        };
        let mut budget = 100;
        assert_eq!(read_limited(&b"0123456789"[..], 10, "x", &mut budget).unwrap().len(), 10);
        assert_eq!(budget, 90);
        let e = read_limited(&b"0123456789A"[..], 10, "x", &mut budget).unwrap_err();
        assert_eq!(key(e), "archive-error-entry-too-large");
        let mut small = 5;
        let e = read_limited(&b"0123456789"[..], 10, "x", &mut small).unwrap_err();
        assert_eq!(key(e), "archive-error-too-large-unpacked");
    }

    #[test]
    fn unsafe_names_are_recognised() {
        for name in ["../x", "a/../../x", "/etc/passwd", "C:/x", "..\\x", "files/..", "a\0b"] {
            assert!(unsafe_path(name), "{name}");
        }
        for name in ["conference.json", "files/abc", "a..b"] {
            assert!(!unsafe_path(name), "{name}");
        }
    }
}
