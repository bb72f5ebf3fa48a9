//! YAML as golive reads it: saphyr's marked nodes turned into a small tree
//! whose every node knows its byte range, with `<<` merge keys applied
//! (compose files share blocks through anchors and merges).

use ruff_text_size::{TextRange, TextSize};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// A YAML node with its byte range in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlNode {
    pub kind: YamlKind,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum YamlKind {
    Null,
    /// Any scalar, as text (`true`, `8000`, `web`).
    Scalar(String),
    Seq(Vec<YamlNode>),
    /// Entries in order; each key with its own range.
    Map(Vec<(String, TextRange, YamlNode)>),
}

impl YamlNode {
    pub fn get(&self, key: &str) -> Option<&YamlNode> {
        match &self.kind {
            YamlKind::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            YamlKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(String, TextRange, YamlNode)] {
        match &self.kind {
            YamlKind::Map(e) => e,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[YamlNode] {
        match &self.kind {
            YamlKind::Seq(items) => items,
            _ => &[],
        }
    }
}

/// Parses the first document of `text`; the error is saphyr's message.
pub fn parse(text: &str) -> Result<Option<YamlNode>, String> {
    if let Some(depth) = too_deep(text) {
        return Err(format!("nested deeper than {depth} levels"));
    }
    let load = || {
        let docs = MarkedYaml::load_from_str(text).map_err(|e| e.to_string())?;
        let offsets = CharOffsets::new(text);
        Ok(docs.first().map(|d| convert(d, &offsets, 0)))
    };
    // saphyr parses and drops nested collections recursively: a large file
    // gets a stack of its own, the way the Python loader's do. Not a small
    // one (every compose file is): a fresh stack is a 32 MiB mapping whose
    // pages fault in anew, and nesting within MAX_NESTING fits on the
    // caller's (see the test below).
    if text.len() > SMALL_YAML_BYTES {
        stacker::grow(32 * 1024 * 1024, load)
    } else {
        load()
    }
}

/// A file this small nests at most MAX_NESTING levels in flow style and
/// about a hundred by indentation.
const SMALL_YAML_BYTES: usize = 8 * 1024;

/// Real compose files nest a handful of levels. Flow brackets and
/// `- - -` chains deeper than this are refused before parsing.
const MAX_NESTING: usize = 256;

fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for line in text.lines() {
        let dashes = line
            .trim_start()
            .split_inclusive(' ')
            .take_while(|w| w.trim() == "-" || w.trim() == "?")
            .count();
        if dashes > MAX_NESTING {
            return Some(MAX_NESTING);
        }
        let mut comment = false;
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => comment = true,
                (None, '[' | '{') if !comment => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(MAX_NESTING);
                    }
                }
                (None, ']' | '}') if !comment => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        // A quote does not span lines in the flow styles compose uses.
        quote = None;
    }
    None
}

/// saphyr's markers count characters; spans need bytes.
struct CharOffsets {
    /// Byte offset of every character, when the text is not ASCII.
    table: Option<Vec<u32>>,
    len: u32,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let table = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
                .collect()
        });
        Self { table, len }
    }

    fn byte(&self, char_index: usize) -> TextSize {
        let b = match &self.table {
            Some(t) => t.get(char_index).copied().unwrap_or(self.len),
            None => u32::try_from(char_index).unwrap_or(u32::MAX).min(self.len),
        };
        TextSize::new(b)
    }
}

const MAX_DEPTH: usize = 64;

/// Flow collections (`[a, b]`, `{a: 1}`) end at their closing bracket,
/// which saphyr's span already includes.
fn text_is_flow(node: &MarkedYaml<'_>) -> bool {
    node.span.end.index() > 0 && node.span.start.line() == node.span.end.line()
}

fn convert(node: &MarkedYaml<'_>, offsets: &CharOffsets, depth: usize) -> YamlNode {
    let start = offsets.byte(node.span.start.index());
    let end = offsets.byte(node.span.end.index()).max(start);
    let range = TextRange::new(start, end);
    if depth > MAX_DEPTH {
        return YamlNode {
            kind: YamlKind::Null,
            range,
        };
    }
    let kind = match &node.data {
        YamlData::Value(Scalar::Null) => YamlKind::Null,
        YamlData::Value(Scalar::Boolean(b)) => YamlKind::Scalar(b.to_string()),
        YamlData::Value(Scalar::Integer(i)) => YamlKind::Scalar(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => YamlKind::Scalar(f.to_string()),
        YamlData::Value(Scalar::String(s)) => YamlKind::Scalar(s.to_string()),
        YamlData::Representation(s, _, _) => YamlKind::Scalar(s.to_string()),
        YamlData::Sequence(items) => YamlKind::Seq(
            items
                .iter()
                .map(|i| convert(i, offsets, depth + 1))
                .collect(),
        ),
        YamlData::Mapping(map) => {
            let mut entries: Vec<(String, TextRange, YamlNode)> = Vec::new();
            let mut merged: Vec<(String, TextRange, YamlNode)> = Vec::new();
            for (k, v) in map {
                let key = convert(k, offsets, depth + 1);
                let value = convert(v, offsets, depth + 1);
                let name = match &key.kind {
                    YamlKind::Scalar(s) => s.clone(),
                    _ => continue,
                };
                if name == "<<" {
                    // A merge: the merged maps' entries, unless the map
                    // itself sets the key.
                    let sources: Vec<&YamlNode> = match &value.kind {
                        YamlKind::Seq(items) => items.iter().collect(),
                        _ => vec![&value],
                    };
                    for s in sources {
                        merged.extend(s.entries().iter().cloned());
                    }
                } else {
                    entries.push((name, key.range, value));
                }
            }
            for m in merged {
                if !entries.iter().any(|(k, _, _)| *k == m.0) {
                    entries.push(m);
                }
            }
            YamlKind::Map(entries)
        }
        YamlData::Tagged(_, inner) => return convert(inner, offsets, depth + 1),
        _ => YamlKind::Null,
    };
    // A block collection's span runs to the next token; end it at its last
    // child instead, so that frames do not spill into the next key.
    let last_end = match &kind {
        YamlKind::Map(entries) => entries
            .iter()
            .map(|(_, _, v)| v.range.end())
            .filter(|e| *e >= start)
            .max(),
        YamlKind::Seq(items) => items.iter().map(|i| i.range.end()).max(),
        _ => None,
    };
    let range = match last_end {
        Some(e) if e < range.end() && !text_is_flow(node) => TextRange::new(start, e.max(start)),
        _ => range,
    };
    YamlNode { kind, range }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_bytes_and_merges_apply() {
        let text = "x-env: &env\n  TZ: Europe/Zürich\n  DEBUG: \"0\"\nservices:\n  web:\n    environment:\n      <<: *env\n      DEBUG: \"1\"\n    ports: [\"8000:8000\"]\n";
        let root = parse(text).unwrap().unwrap();
        let web = root.get("services").unwrap().get("web").unwrap();
        let env = web.get("environment").unwrap();
        let keys: Vec<&str> = env.entries().iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(keys, ["DEBUG", "TZ"]);
        assert_eq!(env.get("DEBUG").unwrap().as_str(), Some("1"));
        let ports = web.get("ports").unwrap();
        let r = ports.items()[0].range;
        assert_eq!(&text[r], "\"8000:8000\"");
    }

    /// What a small file can nest parses on a stack of 1 MiB (the main
    /// thread has 8, test threads 2) without a stack of its own — or meets
    /// saphyr's own recursion limit, which is an error, not an overflow.
    #[test]
    fn small_files_nest_within_a_small_stack() {
        for deepest in [200, MAX_NESTING] {
            small_file_nesting(deepest);
        }
    }

    fn small_file_nesting(deepest: usize) {
        let texts = [
            format!("a: {}1{}\n", "[".repeat(deepest), "]".repeat(deepest)),
            format!("a: {}1{}\n", "{x: ".repeat(deepest), "}".repeat(deepest)),
            format!("{}1\n", "- ".repeat(deepest)),
            (0..120)
                .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
                .collect::<String>()
                + &" ".repeat(120)
                + "v\n",
        ];
        for text in texts {
            assert!(text.len() <= SMALL_YAML_BYTES, "{}", text.len());
            let parsed = std::thread::Builder::new()
                .stack_size(1024 * 1024)
                .spawn(move || parse(&text).map(|n| n.is_some()))
                .unwrap()
                .join()
                .expect("parsing overflowed a 1 MiB stack");
            if deepest < MAX_NESTING {
                assert_eq!(parsed, Ok(true));
            }
        }
    }

    #[test]
    fn errors_are_messages() {
        assert!(parse("services: [unclosed").is_err());
        assert!(parse("a: b: c").is_err());
    }
}
