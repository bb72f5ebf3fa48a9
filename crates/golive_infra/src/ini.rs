//! The ini dialects of systemd units and uwsgi: `[section]`, `key = value`
//! (systemd: `Key=value`), repeated keys kept in order, `#`/`;` comments,
//! backslash continuations. Every entry keeps its line's range.

use ruff_text_size::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IniEntry {
    pub section: String,
    pub key: String,
    pub value: String,
    pub range: TextRange,
}

pub fn parse(text: &str) -> Vec<IniEntry> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut offset = 0usize;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let start = offset + (line.len() - line.trim_start().len());
        offset += line.len();
        i += 1;
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        if t.starts_with('[') && t.ends_with(']') {
            section = t[1..t.len() - 1].trim().to_string();
            continue;
        }
        // uwsgi accepts a bare option name for a flag (`master`); a line
        // without `=` outside any section is not an entry.
        let (k, v) = match t.split_once('=') {
            Some(kv) => kv,
            None if !section.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                (t, "")
            }
            None => continue,
        };
        let mut value = v.trim().to_string();
        let mut end = start + t.len();
        while value.ends_with('\\') && i < lines.len() {
            value.pop();
            value.truncate(value.trim_end().len());
            let next = lines[i];
            offset += next.len();
            i += 1;
            value.push(' ');
            value.push_str(next.trim());
            end = offset - next.len() + next.trim_end().len();
        }
        out.push(IniEntry {
            section: section.clone(),
            key: k.trim().to_string(),
            value: value.trim().to_string(),
            range: crate::text_range(start, end),
        });
    }
    out
}

/// The entries of one section, in order.
pub fn section<'a>(
    entries: &'a [IniEntry],
    name: &'a str,
) -> impl Iterator<Item = &'a IniEntry> + 'a {
    entries
        .iter()
        .filter(move |e| e.section.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sections_and_continuations() {
        let e = super::parse(
            "[Unit]\nDescription=shop\n\n[Service]\nUser=shop\nExecStart=/srv/venv/bin/gunicorn \\\n    shop.wsgi\nEnvironment=A=1\nEnvironment=B=2\n",
        );
        assert_eq!(e.len(), 5);
        assert_eq!(e[2].value, "/srv/venv/bin/gunicorn shop.wsgi");
        assert_eq!(super::section(&e, "service").count(), 4);
    }

    #[test]
    fn bare_flags() {
        let e = super::parse("[uwsgi]\nmaster\nenable-threads\nharakiri = 30\n");
        let keys: Vec<(&str, &str)> = e
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(
            keys,
            [("master", ""), ("enable-threads", ""), ("harakiri", "30")]
        );
        assert!(super::parse("stray words here\n").is_empty());
    }
}
