//! Reports as PDF: a title, a few lines saying what the report covers, and a table whose
//! heading repeats on every page, long cells wrapping, in DejaVu Sans (embedded and subset, covering Cyrillic,
//! the Kazakh letters and the Uzbek oʻ/gʻ), landscape A4.

use super::ReportError;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use krilla::Document;

static REGULAR: &[u8] = include_bytes!("../../../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Bold.ttf");

const WIDTH: f32 = 842.0;
const HEIGHT: f32 = 595.0;
const MARGIN: f32 = 28.0;
const SIZE: f32 = 6.5;
const ROW: f32 = 11.0;

/// A table to print: `widths` are the columns' shares of the page's width.
pub struct PdfTable<'a> {
    pub title: &'a str,
    pub lines: Vec<String>,
    pub headers: Vec<String>,
    pub widths: Vec<f32>,
    pub rows: Vec<Vec<String>>,
    /// Printed under the table (e.g. that only the first rows are shown), a line each.
    pub footer: Vec<String>,
}

impl From<krilla::error::KrillaError> for ReportError {
    fn from(err: krilla::error::KrillaError) -> Self {
        tracing::error!(error = ?err, "writing a PDF failed");
        ReportError::Database
    }
}

/// How many letters fit in `width` points at `size`: DejaVu Sans' letters average just
/// over half an em and its digits 0.64 em, so 0.6 em a letter keeps columns apart.
fn capacity(width: f32, size: f32) -> usize {
    ((width - 4.0) / (size * 0.6)).floor().max(1.0) as usize
}

/// Breaks `text` into lines that fit in `width` points at `size`, at spaces where it can.
fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let max = capacity(width, size);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_owned();
        while word.chars().count() > max {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let head: String = word.chars().take(max).collect();
            word = word.chars().skip(max).collect();
            lines.push(head);
        }
        let needed = if line.is_empty() {
            word.chars().count()
        } else {
            line.chars().count() + 1 + word.chars().count()
        };
        if needed > max && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn fill(r: u8, g: u8, b: u8) -> Option<Fill> {
    Some(Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    })
}

pub fn table(t: &PdfTable<'_>) -> Result<Vec<u8>, ReportError> {
    let regular = Font::new(REGULAR.into(), 0).ok_or(ReportError::Database)?;
    let bold = Font::new(BOLD.into(), 0).ok_or(ReportError::Database)?;
    let usable = WIDTH - 2.0 * MARGIN;
    let total: f32 = t.widths.iter().sum::<f32>().max(f32::EPSILON);
    let widths: Vec<f32> = t.widths.iter().map(|w| w / total * usable).collect();
    let mut document = Document::new();
    let mut rows = t.rows.iter().peekable();
    let mut page_number = 0;
    loop {
        page_number += 1;
        let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or(ReportError::Database)?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let mut y = MARGIN + 12.0;
        if page_number == 1 {
            surface.set_fill(fill(0, 0, 0));
            surface.draw_text(
                Point::from_xy(MARGIN, y),
                bold.clone(),
                13.0,
                t.title,
                false,
                TextDirection::Auto,
            );
            y += 14.0;
            for line in &t.lines {
                surface.draw_text(
                    Point::from_xy(MARGIN, y),
                    regular.clone(),
                    8.0,
                    line,
                    false,
                    TextDirection::Auto,
                );
                y += 11.0;
            }
            y += 6.0;
        }
        // The heading, wrapped, on a grey band.
        let heading: Vec<Vec<String>> = t
            .headers
            .iter()
            .zip(&widths)
            .map(|(h, w)| wrap(h, *w, SIZE))
            .collect();
        let heading_height = ROW * heading.iter().map(Vec::len).max().unwrap_or(1) as f32;
        if let Some(band) = Rect::from_xywh(MARGIN, y - 8.0, usable, heading_height) {
            let mut pb = PathBuilder::new();
            pb.push_rect(band);
            if let Some(path) = pb.finish() {
                surface.set_fill(fill(225, 230, 235));
                surface.draw_path(&path);
            }
        }
        surface.set_fill(fill(0, 0, 0));
        let mut x = MARGIN;
        for (lines, w) in heading.iter().zip(&widths) {
            for (i, line) in lines.iter().enumerate() {
                let at = Point::from_xy(x + 2.0, y + ROW * i as f32);
                surface.draw_text(at, bold.clone(), SIZE, line, false, TextDirection::Auto);
            }
            x += w;
        }
        y += heading_height;
        let mut shade = false;
        while let Some(row) = rows.peek() {
            let cells: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| wrap(cell, *w, SIZE))
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let height = ROW * lines as f32;
            // A row taller than a page is printed anyway, on a page of its own.
            if y + height > HEIGHT - MARGIN && y > MARGIN + 12.0 + ROW * 2.0 {
                break;
            }
            rows.next();
            if shade {
                if let Some(band) = Rect::from_xywh(MARGIN, y - 8.0, usable, height) {
                    let mut pb = PathBuilder::new();
                    pb.push_rect(band);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(fill(245, 247, 249));
                        surface.draw_path(&path);
                    }
                }
            }
            shade = !shade;
            surface.set_fill(fill(0, 0, 0));
            let mut x = MARGIN;
            for (cell, w) in cells.iter().zip(&widths) {
                for (i, text) in cell.iter().enumerate() {
                    let at = Point::from_xy(x + 2.0, y + ROW * i as f32);
                    surface.draw_text(at, regular.clone(), SIZE, text, false, TextDirection::Auto);
                }
                x += w;
            }
            y += height;
        }
        let last = rows.peek().is_none();
        if last {
            let mut y = y + 6.0;
            for line in &t.footer {
                for part in wrap(line, usable, 8.0) {
                    surface.draw_text(
                        Point::from_xy(MARGIN, y),
                        regular.clone(),
                        8.0,
                        &part,
                        false,
                        TextDirection::Auto,
                    );
                    y += 11.0;
                }
            }
        }
        let number = page_number.to_string();
        surface.draw_text(
            Point::from_xy(WIDTH - MARGIN - 20.0, HEIGHT - MARGIN / 2.0),
            regular.clone(),
            7.0,
            &number,
            false,
            TextDirection::Auto,
        );
        surface.finish();
        page.finish();
        if last {
            break;
        }
    }
    Ok(document.finish()?)
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_cells_wrap_at_spaces() {
        // 8 letters a line at 40 pt.
        assert_eq!(
            wrap("Наличие базы знаний", 40.0, 7.0),
            vec!["Наличие", "базы", "знаний"]
        );
        assert_eq!(wrap("", 40.0, 7.0), vec![String::new()]);
        assert_eq!(wrap("Байланысорталығы", 40.0, 7.0), vec!["Байланыс", "орталығы"]);
    }
}
