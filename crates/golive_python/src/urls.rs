//! `urllib.parse` as the settings libraries use it: `urlsplit`, `parse_qs`,
//! `unquote`. Written to give CPython's answers for the URLs that appear in
//! `DATABASE_URL`, `CACHE_URL` and `EMAIL_URL`.

/// The parts of a split URL (CPython's `SplitResult` plus its properties).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Url {
    pub scheme: String,
    pub netloc: String,
    pub path: String,
    pub query: String,
    pub fragment: String,
}

/// What `urlsplit` raises on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlError(pub String);

const SCHEME_CHARS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.";

pub fn urlsplit(url: &str) -> Result<Url, UrlError> {
    // CPython strips leading C0 control and space characters and removes
    // tabs and newlines anywhere.
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    let mut rest = cleaned.as_str();
    let mut out = Url::default();
    if let Some(i) = rest.find(':')
        && i > 0
        && rest.as_bytes()[0].is_ascii_alphabetic()
        && rest[..i].chars().all(|c| SCHEME_CHARS.contains(c))
    {
        out.scheme = rest[..i].to_ascii_lowercase();
        rest = &rest[i + 1..];
    }
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        out.netloc = after[..end].to_string();
        rest = &after[end..];
        let open = out.netloc.contains('[');
        let close = out.netloc.contains(']');
        if open != close {
            return Err(UrlError("Invalid IPv6 URL".into()));
        }
    }
    let mut rest = rest.to_string();
    if let Some((before, frag)) = rest.split_once('#') {
        out.fragment = frag.to_string();
        rest = before.to_string();
    }
    if let Some((before, query)) = rest.split_once('?') {
        out.query = query.to_string();
        rest = before.to_string();
    }
    out.path = rest;
    Ok(out)
}

impl Url {
    fn userinfo(&self) -> Option<&str> {
        self.netloc.rsplit_once('@').map(|(u, _)| u)
    }

    fn hostinfo(&self) -> &str {
        self.netloc
            .rsplit_once('@')
            .map_or(self.netloc.as_str(), |(_, h)| h)
    }

    pub fn username(&self) -> Option<String> {
        self.userinfo()
            .map(|u| u.split_once(':').map_or(u, |(n, _)| n).to_string())
    }

    pub fn password(&self) -> Option<String> {
        self.userinfo()
            .and_then(|u| u.split_once(':').map(|(_, p)| p.to_string()))
    }

    pub fn hostname(&self) -> Option<String> {
        let h = self.hostinfo();
        let host = if let Some(b) = h.strip_prefix('[') {
            b.split_once(']').map_or(b, |(inner, _)| inner)
        } else {
            h.split_once(':').map_or(h, |(n, _)| n)
        };
        if host.is_empty() {
            return None;
        }
        let (name, zone) = host
            .split_once('%')
            .map_or((host, None), |(n, z)| (n, Some(z)));
        Some(match zone {
            Some(z) => format!("{}%{z}", name.to_lowercase()),
            None => name.to_lowercase(),
        })
    }

    /// `.port`: `Ok(None)` when absent, an error when not a valid number.
    pub fn port(&self) -> Result<Option<i64>, UrlError> {
        let h = self.hostinfo();
        let port = if h.starts_with('[') {
            h.split_once("]:").map(|(_, p)| p)
        } else {
            h.split_once(':').map(|(_, p)| p)
        };
        let Some(port) = port else { return Ok(None) };
        if port.is_empty() {
            return Ok(None);
        }
        if !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(UrlError(format!(
                "Port could not be cast to integer value as {port:?}"
            )));
        }
        match port.parse::<i64>() {
            Ok(p) if (0..=65535).contains(&p) => Ok(Some(p)),
            _ => Err(UrlError("Port out of range 0-65535".into())),
        }
    }
}

/// `urllib.parse.unquote` (UTF-8, errors replaced).
pub fn unquote(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

pub fn unquote_plus(s: &str) -> String {
    unquote(&s.replace('+', " "))
}

/// `urllib.parse.parse_qs` with its defaults: blank values dropped,
/// repeated keys collected in order of first appearance.
pub fn parse_qs(query: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for pair in query.split('&') {
        if pair.is_empty() {
            continue;
        }
        let Some((k, v)) = pair.split_once('=') else {
            continue;
        };
        if v.is_empty() {
            continue;
        }
        let k = unquote(&k.replace('+', " "));
        let v = unquote(&v.replace('+', " "));
        if let Some(slot) = out.iter_mut().find(|(key, _)| *key == k) {
            slot.1.push(v);
        } else {
            out.push((k, vec![v]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_database_urls_like_cpython() {
        let u =
            urlsplit("postgres://User:p%40ss@DB.example.com:5433/shop?sslmode=require").unwrap();
        assert_eq!(u.scheme, "postgres");
        assert_eq!(u.username().as_deref(), Some("User"));
        assert_eq!(unquote(&u.password().unwrap()), "p@ss");
        assert_eq!(u.hostname().as_deref(), Some("db.example.com"));
        assert_eq!(u.port(), Ok(Some(5433)));
        assert_eq!(u.path, "/shop");
        assert_eq!(
            parse_qs(&u.query),
            vec![("sslmode".to_string(), vec!["require".to_string()])]
        );
        assert!(urlsplit("postgres://h:port/x").unwrap().port().is_err());
        assert_eq!(
            urlsplit("sqlite:////tmp/db.sqlite3").unwrap().path,
            "//tmp/db.sqlite3"
        );
    }
}
