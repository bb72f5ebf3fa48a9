//! `.env` files read the way the project's own loader reads them.
//!
//! python-dotenv, django-environ and python-decouple disagree on quoting,
//! inline comments and `${VAR}` expansion, so a value is only right when it is
//! read with the dialect of the loader that will read it in production. The
//! three parsers below follow each package's source (python-dotenv 1.2,
//! django-environ 0.14, python-decouple 3.8); the test suite runs the packages
//! themselves as oracles.

use std::collections::BTreeMap;

/// Which loader's rules to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// `dotenv.load_dotenv` / `dotenv_values`; also what `--env-file` uses.
    PythonDotenv,
    /// `environ.Env.read_env`.
    DjangoEnviron,
    /// `decouple.config` reading `.env`.
    Decouple,
}

/// One `KEY=value` line of an env file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvBinding {
    pub key: String,
    /// `None` for a bare `KEY` line (python-dotenv only).
    pub value: Option<String>,
    /// 1-based line of the key.
    pub line: usize,
    /// Byte offset of the start of the binding.
    pub offset: usize,
}

/// Parses env-file text. Lines that the dialect rejects are skipped, as the
/// loaders themselves skip them.
pub fn parse(text: &str, dialect: Dialect) -> Vec<EnvBinding> {
    match dialect {
        Dialect::PythonDotenv => parse_python_dotenv(text),
        Dialect::DjangoEnviron => parse_django_environ(text),
        Dialect::Decouple => parse_decouple(text),
    }
}

/// Resolves `${VAR}` / `${VAR:-default}` the way python-dotenv does with
/// `override=False`: variables already in `env` win over earlier file values.
pub fn interpolate(
    bindings: &[EnvBinding],
    env: &BTreeMap<String, String>,
) -> Vec<(String, Option<String>)> {
    let mut new_values: Vec<(String, Option<String>)> = Vec::new();
    for b in bindings {
        let resolved = b.value.as_ref().map(|value| {
            expand(value, |name| {
                if let Some(v) = env.get(name) {
                    return Some(v.clone());
                }
                new_values
                    .iter()
                    .rev()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone().unwrap_or_default())
            })
        });
        if let Some(slot) = new_values.iter_mut().find(|(k, _)| *k == b.key) {
            slot.1 = resolved;
        } else {
            new_values.push((b.key.clone(), resolved));
        }
    }
    new_values
}

fn expand(value: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    // python-dotenv: \$\{(?P<name>[^\}:]*)(?::-(?P<default>[^\}]*))?\}
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let name_len = after.find(['}', ':']).unwrap_or(after.len());
        let name = &after[..name_len];
        let tail = &after[name_len..];
        let (default, consumed) = if let Some(t) = tail.strip_prefix('}') {
            let _ = t;
            (None, name_len + 1)
        } else if let Some(t) = tail.strip_prefix(":-") {
            match t.find('}') {
                Some(end) => (Some(&t[..end]), name_len + 2 + end + 1),
                None => {
                    out.push_str(&rest[..start + 2]);
                    rest = &rest[start + 2..];
                    continue;
                }
            }
        } else {
            out.push_str(&rest[..start + 2]);
            rest = &rest[start + 2..];
            continue;
        };
        out.push_str(&rest[..start]);
        out.push_str(&lookup(name).unwrap_or_else(|| default.unwrap_or("").to_string()));
        rest = &after[consumed..];
        // `A1=${A0}${A0}`, `A2=${A1}${A1}`…: each line doubles. A value
        // cut here is longer than any real one; callers treat it as unknown.
        if out.len() > MAX_EXPANDED {
            return cut(out);
        }
    }
    out.push_str(rest);
    if out.len() > MAX_EXPANDED {
        cut(out)
    } else {
        out
    }
}

/// The longest value interpolation builds; a longer one is cut just past
/// it (see [`is_cut`]).
pub const MAX_EXPANDED: usize = crate::value::MAX_LEN;

/// Whether an interpolated value was cut: golive does not know it.
pub fn is_cut(value: &str) -> bool {
    value.len() > MAX_EXPANDED
}

fn cut(mut out: String) -> String {
    let mut end = MAX_EXPANDED + 1;
    while !out.is_char_boundary(end) {
        end += 1;
    }
    out.truncate(end);
    out
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].bytes().filter(|&b| b == b'\n').count()
        + text[..offset]
            .bytes()
            .filter(|&b| b == b'\r')
            .count()
            .saturating_sub(text[..offset].matches("\r\n").count())
        + 1
}

fn is_ws_not_newline(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

/// python-dotenv's reader, transcribed from its regular expressions.
fn parse_python_dotenv(text: &str) -> Vec<EnvBinding> {
    let s = text.strip_prefix('\u{feff}').unwrap_or(text);
    let base = text.len() - s.len();
    let mut out = Vec::new();
    let mut pos = 0usize;
    while pos < s.len() {
        let mark = pos;
        // _multiline_whitespace
        pos += s[pos..].len() - s[pos..].trim_start().len();
        if pos >= s.len() {
            break;
        }
        match parse_dotenv_binding(s, pos) {
            Ok((binding, end)) => {
                if let Some((key, value, key_at)) = binding {
                    out.push(EnvBinding {
                        key,
                        value,
                        line: line_of(text, base + key_at),
                        offset: base + key_at,
                    });
                }
                pos = end.max(mark + 1);
            }
            Err(()) => {
                // _rest_of_line
                let rest = &s[pos..];
                let eol = rest.find(['\r', '\n']).unwrap_or(rest.len());
                let mut end = pos + eol;
                if s[end..].starts_with("\r\n") {
                    end += 2;
                } else if end < s.len() {
                    end += 1;
                }
                pos = end.max(mark + 1);
            }
        }
    }
    out
}

type DotenvParsed = (Option<(String, Option<String>, usize)>, usize);

fn parse_dotenv_binding(s: &str, mut pos: usize) -> Result<DotenvParsed, ()> {
    // _export
    if let Some(rest) = s[pos..].strip_prefix("export") {
        let ws = rest.len() - rest.trim_start_matches(is_ws_not_newline).len();
        if ws > 0 {
            pos += 6 + ws;
        }
    }
    let key_at = pos;
    let rest = &s[pos..];
    let key = if rest.starts_with('#') {
        None
    } else if let Some(r) = rest.strip_prefix('\'') {
        let end = r.find('\'').ok_or(())?;
        if end == 0 {
            return Err(());
        }
        pos += end + 2;
        Some(r[..end].to_string())
    } else {
        let len = rest
            .find(|c: char| c == '=' || c == '#' || c.is_whitespace())
            .unwrap_or(rest.len());
        if len == 0 {
            return Err(());
        }
        pos += len;
        Some(rest[..len].to_string())
    };
    pos += s[pos..].len() - s[pos..].trim_start_matches(is_ws_not_newline).len();
    let mut value = None;
    if key.is_some() && s[pos..].starts_with('=') {
        let after = &s[pos + 1..];
        let ws = after.len() - after.trim_start_matches(is_ws_not_newline).len();
        pos += 1 + ws;
        if ws > 0 && s[pos..].starts_with('#') {
            value = Some(String::new());
        } else {
            let (v, end) = parse_dotenv_value(s, pos)?;
            value = Some(v);
            pos = end;
        }
    }
    // _comment
    let rest = &s[pos..];
    let ws = rest.len() - rest.trim_start_matches(is_ws_not_newline).len();
    if rest[ws..].starts_with('#') {
        let eol = rest.find(['\r', '\n']).unwrap_or(rest.len());
        pos += eol;
    }
    // _end_of_line
    let rest = &s[pos..];
    let ws = rest.len() - rest.trim_start_matches(is_ws_not_newline).len();
    pos += ws;
    let rest = &s[pos..];
    if rest.starts_with("\r\n") {
        pos += 2;
    } else if rest.starts_with('\n') || rest.starts_with('\r') {
        pos += 1;
    } else if !rest.is_empty() {
        return Err(());
    }
    Ok((key.map(|k| (k, value, key_at)), pos))
}

fn parse_dotenv_value(s: &str, pos: usize) -> Result<(String, usize), ()> {
    let rest = &s[pos..];
    let quote = rest.chars().next();
    match quote {
        Some(q @ ('\'' | '"')) => {
            let body = &rest[1..];
            let mut chars = body.char_indices();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                if c == '\\' {
                    chars.next();
                } else if c == q {
                    end = Some(i);
                    break;
                }
            }
            let end = end.ok_or(())?;
            let raw = &body[..end];
            let decoded = if q == '"' {
                decode_escapes(raw, "\\'\"abfnrtv")
            } else {
                decode_escapes(raw, "\\'")
            };
            Ok((decoded, pos + 1 + end + 1))
        }
        None | Some('\n' | '\r') => Ok((String::new(), pos)),
        Some(_) => {
            let eol = rest.find(['\r', '\n']).unwrap_or(rest.len());
            let part = &rest[..eol];
            // re.sub(r"\s+#.*", "", part).rstrip()
            let mut cut = part.len();
            let bytes: Vec<(usize, char)> = part.char_indices().collect();
            for (idx, &(i, c)) in bytes.iter().enumerate() {
                if c == '#' && idx > 0 && bytes[idx - 1].1.is_whitespace() {
                    let mut j = idx;
                    while j > 0 && bytes[j - 1].1.is_whitespace() {
                        j -= 1;
                    }
                    cut = bytes[j].0;
                    let _ = i;
                    break;
                }
            }
            Ok((part[..cut].trim_end().to_string(), pos + eol))
        }
    }
}

fn decode_escapes(raw: &str, escapable: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && escapable.contains(n)
        {
            chars.next();
            out.push(match n {
                'a' => '\x07',
                'b' => '\x08',
                'f' => '\x0c',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'v' => '\x0b',
                other => other,
            });
        } else {
            out.push(c);
        }
    }
    out
}

/// django-environ's `Env.read_env` (default `parse_comments=False`).
fn parse_django_environ(text: &str) -> Vec<EnvBinding> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (idx, line) in python_splitlines(text).into_iter().enumerate() {
        let at = offset;
        offset += line.1;
        let line = line.0;
        let body = line.strip_prefix("export ").unwrap_or(line);
        let Some(eq) = body.find('=') else { continue };
        let key = &body[..eq];
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let mut val = body[eq + 1..].to_string();
        if val.len() >= 2 && val.starts_with('\'') && val.ends_with('\'') {
            val = val[1..val.len() - 1].to_string();
        }
        if val.len() >= 2 && val.starts_with('"') && val.ends_with('"') {
            let inner = &val[1..val.len() - 1];
            let mut out_s = String::new();
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    match chars.next() {
                        Some(n @ ('r' | 'n' | 't')) => {
                            out_s.push('\\');
                            out_s.push(n);
                        }
                        Some(n) => out_s.push(n),
                        None => out_s.push('\\'),
                    }
                } else {
                    out_s.push(c);
                }
            }
            val = out_s;
        }
        out.push(EnvBinding {
            key: key.to_string(),
            value: Some(val),
            line: idx + 1,
            offset: at,
        });
    }
    out
}

/// python-decouple's `RepositoryEnv`.
fn parse_decouple(text: &str) -> Vec<EnvBinding> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (idx, (line, len)) in python_splitlines(text).into_iter().enumerate() {
        let at = offset;
        offset += len;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || !line.contains('=') {
            continue;
        }
        let (k, v) = line.split_once('=').unwrap_or((line, ""));
        let k = k.trim();
        let mut v = v.trim();
        if v.len() >= 2
            && ((v.starts_with('\'') && v.ends_with('\''))
                || (v.starts_with('"') && v.ends_with('"')))
        {
            v = &v[1..v.len() - 1];
        }
        if let Some(existing) = out.iter_mut().find(|b: &&mut EnvBinding| b.key == k) {
            existing.value = Some(v.to_string());
            existing.line = idx + 1;
        } else {
            out.push(EnvBinding {
                key: k.to_string(),
                value: Some(v.to_string()),
                line: idx + 1,
                offset: at,
            });
        }
    }
    out
}

/// Splits like Python's `str.splitlines()` on the common line ends, returning
/// each line without its terminator and the byte length including it.
fn python_splitlines(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find([
            '\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\u{85}', '\u{2028}', '\u{2029}',
        ]) {
            Some(i) => {
                let term_len = if rest[i..].starts_with("\r\n") {
                    2
                } else {
                    rest[i..].chars().next().map_or(1, char::len_utf8)
                };
                out.push((&rest[..i], i + term_len));
                rest = &rest[i + term_len..];
            }
            None => {
                out.push((rest, rest.len()));
                rest = "";
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str, d: Dialect) -> Vec<(String, Option<String>)> {
        parse(text, d)
            .into_iter()
            .map(|b| (b.key, b.value))
            .collect()
    }

    #[test]
    fn dialects_disagree_as_the_packages_do() {
        let text = "F=unquoted # comment\nD='single ${A}'\n";
        assert_eq!(
            pairs(text, Dialect::PythonDotenv)[0].1.as_deref(),
            Some("unquoted")
        );
        assert_eq!(
            pairs(text, Dialect::DjangoEnviron)[0].1.as_deref(),
            Some("unquoted # comment")
        );
        assert_eq!(
            pairs(text, Dialect::Decouple)[0].1.as_deref(),
            Some("unquoted # comment")
        );
        assert_eq!(
            pairs(text, Dialect::DjangoEnviron)[1].1.as_deref(),
            Some("single ${A}")
        );
    }

    #[test]
    fn python_dotenv_interpolates_from_env_first() {
        let b = parse("A=1\nB=${A}-${MISSING:-x}\n", Dialect::PythonDotenv);
        let mut env = BTreeMap::new();
        let r = interpolate(&b, &env);
        assert_eq!(r[1].1.as_deref(), Some("1-x"));
        env.insert("A".into(), "9".into());
        assert_eq!(interpolate(&b, &env)[1].1.as_deref(), Some("9-x"));
    }

    #[test]
    fn bad_lines_are_skipped() {
        let p = pairs("bad line here\nGOOD=1\n", Dialect::PythonDotenv);
        assert_eq!(p, vec![("GOOD".to_string(), Some("1".to_string()))]);
    }
}
