//! The semi-annual report as files laid out like the official form: the head lines, the
//! table with its lettered columns (А Б В Г / А Б В І), the 28 rows, and the address
//! part with blanks to sign; as Excel and as PDF.

use super::pdf::{table, PdfTable};
use super::ReportError;
use crate::reports::semiannual_model::{address_lines, head_lines, SemiannualForm};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

pub fn xlsx(form: &SemiannualForm) -> Result<Vec<u8>, ReportError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(if form.language.code() == "kk" {
        "БОҚЕ-01"
    } else {
        "ОДКЦ"
    })?;
    let title = Format::new().set_bold().set_font_size(13);
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let heading = cell.clone().set_bold().set_align(FormatAlign::Center);
    sheet.set_column_width(0, 7)?;
    sheet.set_column_width(1, 60)?;
    sheet.set_column_width(2, 24)?;
    sheet.set_column_width(3, 40)?;
    let mut row: u32 = 0;
    for line in head_lines(form.language, &form.period_text) {
        sheet.write_string(row, 0, line)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, &form.title, &title)?;
    row += 2;
    for (col, text) in form.headings.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, text, &heading)?;
    }
    row += 1;
    for (col, text) in form.letters.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, text, &heading)?;
    }
    row += 1;
    for r in &form.rows {
        sheet.write_number_with_format(row, 0, f64::from(r.number), &cell)?;
        sheet.write_string_with_format(row, 1, &r.indicator, &cell)?;
        sheet.write_string_with_format(row, 2, &r.unit, &cell)?;
        sheet.write_string_with_format(row, 3, &r.value, &cell)?;
        row += 1;
    }
    row += 1;
    for line in address_lines(form.language) {
        sheet.write_string(row, 0, line)?;
        row += 1;
    }
    Ok(workbook.save_to_buffer()?)
}

pub fn pdf(form: &SemiannualForm) -> Result<Vec<u8>, ReportError> {
    let mut rows: Vec<Vec<String>> = vec![form.letters.clone()];
    rows.extend(form.rows.iter().map(|r| {
        vec![
            r.number.to_string(),
            r.indicator.clone(),
            r.unit.clone(),
            r.value.clone(),
        ]
    }));
    table(&PdfTable {
        title: &form.title,
        lines: head_lines(form.language, &form.period_text),
        headers: form.headings.clone(),
        widths: vec![6.0, 48.0, 20.0, 36.0],
        rows,
        footer: address_lines(form.language),
    })
}
