//! Code frames: the lines of a file a finding shows, with the file's
//! secrets masked by what the file is. Shared by the text and HTML reports,
//! so both show exactly the same masked source.

use golive_source::{FileId, SourceDb, SourceKind, Span};
use std::collections::HashMap;
use std::ops::Range;

/// The lines of a file a code frame shows, masked.
pub(crate) struct Frame {
    pub(crate) text: String,
    /// Byte offset of the frame in the file.
    pub(crate) start: usize,
    /// Line number of its first line.
    pub(crate) line: usize,
}

/// Cuts masked frames out of the files of one report. Python files are
/// masked whole (a secret's value may span lines) and the result kept for
/// the next frame of the same file; configuration files line by line, so
/// only the lines a frame shows are masked (a lock file runs to half a
/// megabyte).
pub(crate) struct Framer<'a> {
    sources: &'a SourceDb,
    python: HashMap<FileId, String>,
}

impl<'a> Framer<'a> {
    pub(crate) fn new(sources: &'a SourceDb) -> Self {
        Self {
            sources,
            python: HashMap::new(),
        }
    }

    /// The whole lines of file `id` covering `ranges`, masked.
    pub(crate) fn frame(&mut self, id: FileId, ranges: &[Range<usize>]) -> Frame {
        let file = self.sources.get(id);
        let (start, end) = window(&file.text, ranges);
        // From the file's line index: counting newlines for every frame
        // is quadratic in the findings of one large file.
        let line = file
            .line_col(u32::try_from(start).unwrap_or(u32::MAX).into())
            .line;
        let text = match file.kind {
            SourceKind::Python => {
                let whole = self
                    .python
                    .entry(id)
                    .or_insert_with(|| match file.masked() {
                        Some(ranges) => golive_python::redact::mask(&file.text, ranges),
                        None => golive_python::redact::redact_python_source(&file.text),
                    });
                whole.get(start..end).unwrap_or("").to_string()
            }
            // A probe transcript masks cookie values itself.
            SourceKind::ProbeTranscript | SourceKind::Placeholder => {
                file.text[start..end].to_string()
            }
            SourceKind::Nginx | SourceKind::Deployment | SourceKind::Requirements => {
                golive_source::redact_config_source(&file.text[start..end])
            }
        };
        Frame { text, start, line }
    }

    /// The frame of one span.
    pub(crate) fn frame_of_span(&mut self, span: Span) -> Frame {
        self.frame(span.file, std::slice::from_ref(&byte_range(span)))
    }
}

pub(crate) fn byte_range(span: Span) -> Range<usize> {
    span.range.start().to_usize()..span.range.end().to_usize()
}

/// The whole lines of `text` covering `ranges`: (start, end).
fn window(text: &str, ranges: &[Range<usize>]) -> (usize, usize) {
    let lo = ranges
        .iter()
        .map(|r| r.start)
        .min()
        .unwrap_or(0)
        .min(text.len());
    let hi = ranges
        .iter()
        .map(|r| r.end.max(r.start))
        .max()
        .unwrap_or(0)
        .min(text.len())
        .max(lo);
    let floor = |mut i: usize| {
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (lo, hi) = (floor(lo), floor(hi));
    let start = text[..lo].rfind('\n').map_or(0, |i| i + 1);
    let end = text[hi..].find('\n').map_or(text.len(), |i| hi + i + 1);
    (start, end)
}

/// The byte range of `frame` that `span` covers: at least one character,
/// so that it points somewhere.
pub(crate) fn frame_range(span: Span, frame: &Frame) -> Range<usize> {
    let shown = frame.text.len();
    let start = span
        .range
        .start()
        .to_usize()
        .saturating_sub(frame.start)
        .min(shown);
    let end = span
        .range
        .end()
        .to_usize()
        .saturating_sub(frame.start)
        .max(start)
        .min(shown);
    if start == end {
        start..(start + 1).min(shown)
    } else {
        start..end
    }
}
