//! Documents: the files of a page bundle (a report, minutes, a chart), the evidence a page
//! rests on. Each is named, typed from its extension and measured (size, and pages for a
//! PDF) once while the content is read, so links, embeds and cards can show what a reader
//! is about to open.

use std::path::Path;

use serde::Serialize;

/// A file in a page bundle, copied beside the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The file name: `report.pdf`.
    pub name: String,
    /// Relative to `content/`: `sources/pwc-2013/report.pdf`.
    pub rel: String,
    /// URL path: `/sources/pwc-2013/report.pdf`.
    pub path: String,
    /// What a reader calls it: `PDF`, `Image`, `Spreadsheet`…
    pub kind: &'static str,
    /// Size in bytes, when the file could be read.
    pub size: Option<u64>,
    /// `1.2 MB`.
    pub size_text: Option<String>,
    /// A PDF's page count, when its page tree could be read.
    pub pages: Option<u32>,
    pub is_image: bool,
}

const IMAGES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg", "avif"];

impl Document {
    /// The document `rel` (relative to `content/`), copied to URL path `path`; not measured.
    pub fn new(rel: &str, path: String) -> Document {
        let name = rel.rsplit('/').next().unwrap_or(rel).to_string();
        let ext = extension(&name);
        Document {
            kind: kind_of(&ext),
            is_image: IMAGES.contains(&ext.as_str()),
            name,
            rel: rel.to_string(),
            path,
            size: None,
            size_text: None,
            pages: None,
        }
    }

    /// Reads the file's size, and a PDF's page count, from `content_dir`.
    pub fn measure(&mut self, content_dir: &Path) {
        let file = content_dir.join(&self.rel);
        self.size = std::fs::metadata(&file).ok().map(|m| m.len());
        self.size_text = self.size.map(human_size);
        if extension(&self.name) == "pdf" {
            self.pages = std::fs::read(&file).ok().and_then(|b| pdf_page_count(&b));
        }
    }

    pub fn is_pdf(&self) -> bool {
        extension(&self.name) == "pdf"
    }
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map_or(String::new(), |(_, e)| e.to_lowercase())
}

/// The kind of document a reader expects behind an extension.
pub fn kind_of(ext: &str) -> &'static str {
    match ext {
        "pdf" => "PDF",
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg" | "avif" | "tif" | "tiff" => "Image",
        "csv" | "tsv" | "xls" | "xlsx" | "ods" => "Spreadsheet",
        "doc" | "docx" | "odt" | "rtf" => "Text document",
        "txt" | "md" => "Text",
        "ppt" | "pptx" | "odp" => "Presentation",
        "zip" | "gz" | "tgz" | "tar" | "7z" => "Archive",
        "mp3" | "wav" | "ogg" | "m4a" | "flac" => "Audio",
        "mp4" | "webm" | "mov" | "mkv" => "Video",
        "json" | "xml" | "geojson" => "Data",
        "eml" | "msg" | "mbox" => "Email",
        "html" | "htm" => "Web page",
        _ => "File",
    }
}

/// `532 bytes`, `4.1 kB`, `1.2 MB`: decimal units, as file browsers show them.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return if bytes == 1 {
            "1 byte".into()
        } else {
            format!("{bytes} bytes")
        };
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// The number of pages of a PDF: the largest `/Count` of its `/Type /Pages` dictionaries
/// (the root of the page tree counts every page). Dictionaries in compressed object
/// streams (PDF 1.5) are read after inflating them. `None` when no page tree is found.
///
/// A reader of the page tree alone, not a PDF library: a card needs one number, and a
/// full parser (lopdf) would bring a dozen crates into every build for it.
pub fn pdf_page_count(bytes: &[u8]) -> Option<u32> {
    if !bytes.starts_with(b"%PDF") {
        return None;
    }
    let mut best = pages_count_in(bytes);
    for stream in object_streams(bytes) {
        best = best.max(pages_count_in(&stream));
    }
    best
}

/// The largest `/Count` of the `/Type /Pages` dictionaries in `bytes`.
fn pages_count_in(bytes: &[u8]) -> Option<u32> {
    let mut best: Option<u32> = None;
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], b"/Type").map(|i| i + from) {
        from = at + 5;
        let rest = skip_space(&bytes[from..]);
        let is_pages =
            rest.starts_with(b"/Pages") && rest.get(6).is_none_or(|b| !b.is_ascii_alphanumeric());
        if !is_pages {
            continue;
        }
        if let Some(count) = dictionary_around(bytes, at).and_then(count_in) {
            best = Some(best.map_or(count, |b| b.max(count)));
        }
    }
    best
}

/// The dictionary (`<<…>>`) that holds byte `at`, without what it nests.
fn dictionary_around(bytes: &[u8], at: usize) -> Option<&[u8]> {
    let mut depth = 0i32;
    let mut start = None;
    let mut i = at;
    while i >= 2 {
        i -= 1;
        match &bytes[i - 1..=i] {
            b">>" => {
                depth += 1;
                i -= 1;
            }
            b"<<" if depth == 0 => {
                start = Some(i + 1);
                break;
            }
            b"<<" => {
                depth -= 1;
                i -= 1;
            }
            _ => {}
        }
    }
    let start = start?;
    let mut depth = 0i32;
    let mut j = start;
    while j + 1 < bytes.len() {
        match &bytes[j..j + 2] {
            b"<<" => {
                depth += 1;
                j += 2;
            }
            b">>" if depth == 0 => return Some(&bytes[start..j]),
            b">>" => {
                depth -= 1;
                j += 2;
            }
            _ => j += 1,
        }
    }
    None
}

/// The integer after `/Count` in a dictionary.
fn count_in(dict: &[u8]) -> Option<u32> {
    let at = find(dict, b"/Count")?;
    let rest = skip_space(&dict[at + 6..]);
    let digits: Vec<u8> = rest
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

/// The inflated contents of the PDF's compressed object streams (`/Type /ObjStm`).
fn object_streams(bytes: &[u8]) -> Vec<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], b"/ObjStm").map(|i| i + from) {
        from = at + 7;
        let Some(dict) = dictionary_around(bytes, at) else {
            continue;
        };
        if find(dict, b"/FlateDecode").is_none() {
            continue;
        }
        let after = &bytes[at..];
        let Some(s) = find(after, b"stream") else {
            continue;
        };
        let mut data = &after[s + 6..];
        if data.starts_with(b"\r\n") {
            data = &data[2..];
        } else if data.starts_with(b"\n") || data.starts_with(b"\r") {
            data = &data[1..];
        }
        let end = find(data, b"endstream").unwrap_or(data.len());
        let mut inflated = Vec::new();
        let mut decoder = flate2::read::ZlibDecoder::new(&data[..end]);
        // At most 64 MB of objects: a page tree is small, a bomb is not read to its end. A
        // damaged stream gives what inflated before the damage.
        let _ = decoder.by_ref().take(64 << 20).read_to_end(&mut inflated);
        if !inflated.is_empty() {
            out.push(inflated);
        }
    }
    out
}

fn skip_space(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[n..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(532), "532 bytes");
        assert_eq!(human_size(4_100), "4.1 kB");
        assert_eq!(human_size(1_234_567), "1.2 MB");
        assert_eq!(human_size(999_990), "1.0 MB");
    }

    #[test]
    fn page_count_is_the_root_of_the_page_tree() {
        let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
            2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 7 >> endobj\n\
            3 0 obj << /Type /Pages /Parent 2 0 R /Kids [] /Count 2 >> endobj\n\
            4 0 obj << /Type /Page /Parent 2 0 R /Resources << /Font << >> >> >> endobj\n%%EOF";
        assert_eq!(pdf_page_count(pdf), Some(7));
        assert_eq!(pdf_page_count(b"not a pdf /Type /Pages /Count 3"), None);
    }

    #[test]
    fn page_count_is_found_in_compressed_object_streams() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"2 0 << /Type /Pages /Kids [5 0 R] /Count 12 >>")
            .unwrap();
        let data = z.finish().unwrap();
        let mut pdf =
            b"%PDF-1.5\n9 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\nstream\n"
                .to_vec();
        pdf.extend(data);
        pdf.extend(b"\nendstream endobj\n%%EOF");
        assert_eq!(pdf_page_count(&pdf), Some(12));
    }
}
