//! Deciding what a file is from its own bytes. The name's extension and the type the
//! browser claims are never trusted: a page renamed `.png` is not a picture.

use super::FileKind;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// What the first bytes say.
#[derive(Debug, PartialEq, Eq)]
pub enum Guess {
    Known(FileKind),
    /// A ZIP archive: a Word or Excel document, or something else.
    Zip,
    /// No signature: plain text if every byte says so.
    MaybeText,
}

/// The signatures of the binary types.
pub fn guess(head: &[u8]) -> Guess {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Guess::Known(FileKind::Jpeg)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Guess::Known(FileKind::Png)
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Guess::Known(FileKind::Gif)
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Guess::Known(FileKind::Webp)
    } else if head.starts_with(b"%PDF-") {
        Guess::Known(FileKind::Pdf)
    } else if head.starts_with(b"PK\x03\x04") {
        Guess::Zip
    } else {
        Guess::MaybeText
    }
}

/// Plain UTF-8 text: no NUL or other control bytes but tab, line breaks and form
/// feed, and nothing a browser would take for markup (HTML, SVG, XML).
pub fn is_plain_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return false;
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
    {
        return false;
    }
    !looks_like_markup(text)
}

fn looks_like_markup(text: &str) -> bool {
    let start: String = text.chars().take(1024).collect::<String>().to_lowercase();
    if start.trim_start().starts_with('<') {
        return true;
    }
    [
        "<html",
        "<!doctype",
        "<svg",
        "<script",
        "<body",
        "<head",
        "<iframe",
        "<?xml",
    ]
    .iter()
    .any(|tag| start.contains(tag))
}

/// A Word or Excel document by the entries an Office Open XML package must have.
pub fn office_kind(entries: &[String]) -> Option<FileKind> {
    let has = |name: &str| entries.iter().any(|e| e == name);
    if !has("[Content_Types].xml") {
        return None;
    }
    if has("word/document.xml") {
        Some(FileKind::Docx)
    } else if has("xl/workbook.xml") {
        Some(FileKind::Xlsx)
    } else {
        None
    }
}

/// The names in a ZIP archive's central directory.
pub fn zip_entry_names<R: Read + Seek>(reader: &mut R) -> std::io::Result<Vec<String>> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not a ZIP archive");
    let len = reader.seek(SeekFrom::End(0))?;
    // The end record is 22 bytes plus a comment of at most 65,535.
    let tail_start = len.saturating_sub(22 + 65_535);
    reader.seek(SeekFrom::Start(tail_start))?;
    let mut tail = Vec::new();
    reader.read_to_end(&mut tail)?;
    let at = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| &tail[i..i + 4] == EOCD)
        .ok_or_else(bad)?;
    let end = &tail[at..];
    let count = u16::from_le_bytes([end[10], end[11]]) as usize;
    let size = u32::from_le_bytes([end[12], end[13], end[14], end[15]]) as u64;
    let offset = u32::from_le_bytes([end[16], end[17], end[18], end[19]]) as u64;
    if offset + size > len || size > 16 * 1024 * 1024 {
        return Err(bad());
    }
    reader.seek(SeekFrom::Start(offset))?;
    let mut directory = vec![0; size as usize];
    reader.read_exact(&mut directory)?;
    let mut names = Vec::with_capacity(count);
    let mut pos = 0;
    while names.len() < count {
        let entry = directory.get(pos..pos + 46).ok_or_else(bad)?;
        if &entry[..4] != b"PK\x01\x02" {
            return Err(bad());
        }
        let name_len = u16::from_le_bytes([entry[28], entry[29]]) as usize;
        let extra_len = u16::from_le_bytes([entry[30], entry[31]]) as usize;
        let comment_len = u16::from_le_bytes([entry[32], entry[33]]) as usize;
        let name = directory.get(pos + 46..pos + 46 + name_len).ok_or_else(bad)?;
        names.push(String::from_utf8_lossy(name).into_owned());
        pos += 46 + name_len + extra_len + comment_len;
    }
    Ok(names)
}

/// The type of a received file, from its first bytes and (for archives and text)
/// the rest of it. `None`: nothing the contact center accepts. Blocking.
pub fn sniff_file(path: &Path, head: &[u8]) -> std::io::Result<Option<FileKind>> {
    Ok(match guess(head) {
        Guess::Known(kind) => Some(kind),
        Guess::Zip => {
            let mut file = std::fs::File::open(path)?;
            zip_entry_names(&mut file)
                .ok()
                .and_then(|names| office_kind(&names))
        }
        Guess::MaybeText => is_plain_text(&std::fs::read(path)?).then_some(FileKind::Text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn signatures_decide_binary_types() {
        assert_eq!(guess(b"\x89PNG\r\n\x1a\n...."), Guess::Known(FileKind::Png));
        assert_eq!(guess(&[0xFF, 0xD8, 0xFF, 0xE0]), Guess::Known(FileKind::Jpeg));
        assert_eq!(guess(b"GIF89a.."), Guess::Known(FileKind::Gif));
        assert_eq!(guess(b"RIFF\x10\0\0\0WEBPVP8 "), Guess::Known(FileKind::Webp));
        assert_eq!(guess(b"%PDF-1.7"), Guess::Known(FileKind::Pdf));
        assert_eq!(guess(b"PK\x03\x04"), Guess::Zip);
        assert_eq!(guess(b"hello"), Guess::MaybeText);
    }

    #[test]
    fn markup_is_never_text() {
        assert!(is_plain_text("Салем, банк!\nВыписка во вложении.".as_bytes()));
        assert!(!is_plain_text(b"<html><script>alert(1)</script></html>"));
        assert!(!is_plain_text(b"  <svg xmlns='http://www.w3.org/2000/svg'/>"));
        assert!(!is_plain_text(b"hi <!DOCTYPE html> there"));
        assert!(!is_plain_text(b"binary\0data"));
        assert!(!is_plain_text(&[0xC3, 0x28]));
        assert!(!is_plain_text(b"   "));
    }

    /// A minimal archive: one stored entry per name, then the central directory.
    fn zip_with(names: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for name in names {
            let offset = out.len() as u32;
            out.extend_from_slice(b"PK\x03\x04");
            out.extend_from_slice(&[0; 22]);
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            central.extend_from_slice(b"PK\x01\x02");
            central.extend_from_slice(&[0; 24]);
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(names.len() as u16).to_le_bytes());
        out.extend_from_slice(&(names.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    #[test]
    fn office_documents_are_told_from_other_archives() {
        let kind = |names: &[&str]| {
            let names = zip_entry_names(&mut Cursor::new(zip_with(names))).unwrap();
            office_kind(&names)
        };
        assert_eq!(
            kind(&["[Content_Types].xml", "word/document.xml"]),
            Some(FileKind::Docx)
        );
        assert_eq!(
            kind(&["[Content_Types].xml", "xl/workbook.xml"]),
            Some(FileKind::Xlsx)
        );
        assert_eq!(kind(&["index.html", "payload.exe"]), None);
        assert!(zip_entry_names(&mut Cursor::new(b"PK\x03\x04garbage".to_vec())).is_err());
    }
}
