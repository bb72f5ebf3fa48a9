//! What a probe must not keep or print: the credentials of a URL
//! (`user:password@`) and the values of the cookies the site sets (a
//! session id is a credential; the CSRF token the admin login form
//! carries is the CSRF cookie in another form).

use crate::Observation;

/// What replaces a cookie value (and every other copy of it) in an
/// observation: the name and the attributes stay, which is all the WEB
/// rules read.
pub const REDACTED: &str = "…(redacted)";

/// Cookie values shorter than this are not searched for elsewhere in the
/// observation (`1`, `true` would shred the bodies); they are still
/// replaced in their `Set-Cookie`.
const MIN_SEARCHED: usize = 8;

/// `https://user:password@host/` → `https://***@host/`: for messages about
/// a URL that may be malformed, everything up to the last `@` after the
/// scheme is hidden (too much rather than too little).
pub fn redact_url(url: &str) -> String {
    let (prefix, rest) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url),
    };
    match rest.rfind('@') {
        Some(at) => format!("{prefix}***{}", &rest[at..]),
        None => url.to_string(),
    }
}

/// The same for a well-formed URL: only a userinfo in the authority.
fn redact_authority(url: &str) -> String {
    let Some(i) = url.find("://") else {
        return url.to_string();
    };
    let (prefix, rest) = url.split_at(i + 3);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => format!("{prefix}***{}", &rest[at..]),
        None => url.to_string(),
    }
}

/// A `Set-Cookie` value split into name, value and the rest (`; Path=/…`).
fn split_cookie(header: &str) -> (&str, &str, &str) {
    let (pair, attrs) = match header.find(';') {
        Some(i) => header.split_at(i),
        None => (header, ""),
    };
    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
    (name, value, attrs)
}

/// Replaces the value of `name="csrfmiddlewaretoken" value="…"` (Django's
/// hidden form field) in an HTML body.
fn scrub_csrf_fields(body: &str) -> String {
    const FIELD: &str = "csrfmiddlewaretoken";
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(pos) = rest.find(FIELD) {
        let after = pos + FIELD.len();
        out.push_str(&rest[..after]);
        rest = &rest[after..];
        // The value attribute of the same tag.
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let Some(v) = rest[..tag_end].find("value=") else {
            continue;
        };
        let start = v + "value=".len();
        let quote = rest[start..]
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'');
        let (open, close) = match quote {
            Some(q) => (
                start + 1,
                rest[start + 1..tag_end]
                    .find(q)
                    .map_or(tag_end, |e| start + 1 + e),
            ),
            None => (
                start,
                rest[start..tag_end]
                    .find([' ', '/', '>'])
                    .map_or(tag_end, |e| start + e),
            ),
        };
        out.push_str(&rest[..open]);
        out.push_str(REDACTED);
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

impl Observation {
    /// Removes what must not be kept: a userinfo in any URL, every cookie
    /// value (in its `Set-Cookie`, and wherever else the site echoed it —
    /// bodies, other headers, URLs) and the CSRF form token. Applied to
    /// every observation a probe makes and to every recording written.
    pub fn scrub_secrets(&mut self) {
        self.redact_credentials();
        let mut values: Vec<String> = Vec::new();
        for ex in &mut self.exchanges {
            for (k, v) in &mut ex.headers {
                if !k.eq_ignore_ascii_case("set-cookie") {
                    continue;
                }
                let (name, value, attrs) = split_cookie(v);
                if value.is_empty() || value == REDACTED {
                    continue;
                }
                for candidate in [value, value.trim_matches('"')] {
                    if candidate.len() >= MIN_SEARCHED && !values.iter().any(|s| s == candidate) {
                        values.push(candidate.to_string());
                    }
                }
                *v = format!("{name}={REDACTED}{attrs}");
            }
        }
        // Longest first, so that no part of a value survives a shorter one.
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        let scrub = |text: &mut String| {
            for v in &values {
                if text.contains(v.as_str()) {
                    *text = text.replace(v.as_str(), REDACTED);
                }
            }
        };
        for ex in &mut self.exchanges {
            scrub(&mut ex.url);
            scrub(&mut ex.body);
            if let Some(e) = &mut ex.error {
                scrub(e);
            }
            for (k, v) in &mut ex.headers {
                if !k.eq_ignore_ascii_case("set-cookie") {
                    scrub(v);
                }
            }
            if ex.body.contains("csrfmiddlewaretoken") {
                ex.body = scrub_csrf_fields(&ex.body);
            }
        }
    }

    /// Hides a `user:password@` in the target and the URLs of the
    /// exchanges (a recording made by hand, or by another tool).
    pub fn redact_credentials(&mut self) {
        self.target = redact_authority(&self.target);
        for ex in &mut self.exchanges {
            ex.url = redact_authority(&ex.url);
        }
        if let crate::Landing::OffSite { url }
        | crate::Landing::Loop { url }
        | crate::Landing::DeadEnd { url, .. } = &mut self.landing
        {
            *url = redact_authority(url);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Exchange, Purpose};

    #[test]
    fn urls_lose_their_credentials() {
        assert_eq!(
            redact_url("https://user:s3cret@shop.example.com/x"),
            "https://***@shop.example.com/x"
        );
        assert_eq!(
            redact_url("user:s3cret@shop.example.com"),
            "***@shop.example.com"
        );
        assert_eq!(redact_url("https://u:pa/ss@h/"), "https://***@h/");
        assert_eq!(
            redact_url("https://shop.example.com/"),
            "https://shop.example.com/"
        );
        assert_eq!(
            redact_authority("https://u:p@h/@alice"),
            "https://***@h/@alice"
        );
        assert_eq!(redact_authority("https://h/@alice"), "https://h/@alice");
    }

    #[test]
    fn cookie_values_are_not_kept() {
        let secret = "Qk3v9Xc2LmN8pR4tQk3v9Xc2LmN8pR4t";
        let mut obs = Observation {
            target: "https://shop.example.com/".into(),
            exchanges: vec![Exchange {
                purpose: Purpose::Admin,
                url: format!("https://shop.example.com/admin/login/?s={secret}"),
                request_headers: Vec::new(),
                status: Some(200),
                headers: vec![
                    (
                        "set-cookie".into(),
                        format!("csrftoken={secret}; Path=/; SameSite=Lax; Secure"),
                    ),
                    ("set-cookie".into(), "empty=; Max-Age=0".into()),
                    ("set-cookie".into(), "flag".into()),
                    ("x-echo".into(), format!("token {secret}")),
                ],
                body: format!(
                    "<form><input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"maskedTOKENvalue123\"><p>{secret}</p>\
                     <input name='csrfmiddlewaretoken' value='other'></form>"
                ),
                error: None,
            }],
            ..Observation::default()
        };
        obs.scrub_secrets();
        let json = serde_json::to_string(&obs).unwrap();
        assert!(
            !json.contains(secret)
                && !json.contains("maskedTOKENvalue123")
                && !json.contains("'other'"),
            "{json}"
        );
        let ex = &obs.exchanges[0];
        assert_eq!(
            ex.headers[0].1,
            "csrftoken=…(redacted); Path=/; SameSite=Lax; Secure"
        );
        assert_eq!(ex.headers[1].1, "empty=; Max-Age=0");
        assert_eq!(ex.headers[2].1, "flag");
        assert!(
            ex.body
                .contains(r#"name="csrfmiddlewaretoken" value="…(redacted)">"#),
            "{}",
            ex.body
        );
        // Scrubbing twice changes nothing.
        let again = {
            let mut o = obs.clone();
            o.scrub_secrets();
            o
        };
        assert_eq!(again, obs);
    }
}
