//! The uploader's file name, made safe to keep and to hand back in a header: no
//! path parts, no control or direction-changing characters, at most 255 characters,
//! and an ending that fits the type the file really is.

use super::FileKind;

const MAX_CHARS: usize = 255;

pub fn clean(raw: &str, kind: FileKind) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut name: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .trim()
        .to_owned();
    if name.is_empty() {
        name = "file".to_owned();
    }
    let fits = name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| kind.extensions().contains(&ext.to_lowercase().as_str()));
    let ending = if fits {
        String::new()
    } else {
        format!(".{}", kind.extensions()[0])
    };
    let room = MAX_CHARS - ending.chars().count();
    if name.chars().count() > room {
        // Keep the end, where the extension is, when it fits the type.
        if fits {
            let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
            let stem: String = stem.chars().take(room - ext.chars().count() - 1).collect();
            name = format!("{stem}.{ext}");
        } else {
            name = name.chars().take(room).collect();
        }
    }
    name + &ending
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_control_characters_are_removed() {
        assert_eq!(clean("../../etc/passwd.txt", FileKind::Text), "passwd.txt");
        assert_eq!(clean("C:\\Users\\a\\скан.PNG", FileKind::Png), "скан.PNG");
        assert_eq!(clean("a\u{0}b\r\n.pdf", FileKind::Pdf), "ab.pdf");
        assert_eq!(
            clean("invoice\u{202e}fdp.exe", FileKind::Pdf),
            "invoicefdp.exe.pdf"
        );
        assert_eq!(clean("   ", FileKind::Jpeg), "file.jpg");
        assert_eq!(clean(".htaccess", FileKind::Text), "htaccess.txt");
    }

    #[test]
    fn the_ending_follows_the_real_type() {
        assert_eq!(clean("photo.html", FileKind::Png), "photo.html.png");
        assert_eq!(clean("photo.jpeg", FileKind::Jpeg), "photo.jpeg");
    }

    #[test]
    fn long_names_keep_their_ending() {
        let long = format!("{}.pdf", "я".repeat(400));
        let cleaned = clean(&long, FileKind::Pdf);
        assert_eq!(cleaned.chars().count(), MAX_CHARS);
        assert!(cleaned.ends_with(".pdf"));
    }
}
