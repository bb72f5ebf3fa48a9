//! Masking of secret values: no renderer ever prints a secret in full.

use std::fmt;

/// Setting or key names whose values are secret (`SECRET_KEY`,
/// `EMAIL_HOST_PASSWORD`, a DSN, an API token).
pub fn is_secret_name(name: &str) -> bool {
    // Every marker contains one of these; most names contain none, and are
    // rejected in one pass over the name's bytes, without allocating.
    // (Called for every setting of both scenarios and every dictionary key
    // in them: eight substring searches per name took 2,000 instructions.)
    if !has_quick_marker(name.as_bytes()) {
        return false;
    }
    let upper = name.to_ascii_uppercase();
    if upper == "SECRET_KEY" || upper == "SECRET_KEY_FALLBACKS" {
        return true;
    }
    // Broad on purpose: `FIELD_ENCRYPTION_KEY`, `FERNET_KEYS`, `JWT_KEY`,
    // `SENDGRID_KEY`, `SLACK_WEBHOOK_URL`, `DB_PWD` are all secrets. What a
    // word also names that is not (`KEY_PREFIX`, `PASSWORD_HASHERS`,
    // `MONKEY`, `BYPASS`) is excluded.
    const MARKERS: &[&str] = &[
        "PASSWORD",
        "PASSWD",
        "PASS",
        "PWD",
        "SECRET",
        "TOKEN",
        "KEY",
        "DSN",
        "CREDENTIAL",
        "WEBHOOK",
    ];
    const NOT_SECRET: &[&str] = &[
        "HASHER",
        "VALIDATOR",
        "TIMEOUT",
        "RESET",
        "_AGE",
        "_NAME",
        "HEADER",
        "_CLASS",
        "BACKEND",
        "EXPIR",
        "_URL_NAME",
        "_LENGTH",
        "_FIELD",
        "KEY_PREFIX",
        "KEY_FUNC",
        "KEYSPACE",
        "MONKEY",
        "KEYBOARD",
        "TURNKEY",
        "PASSTHROUGH",
        "BYPASS",
        "PASSIVE",
        "COMPASS",
        "PASSENGER",
        "_KEY_FILE",
        "_KEYFILE",
        "KEY_PATH",
        "_ALGORITHM",
        "_LIFETIME",
        "_TYPE",
        "_ENDPOINT",
        "_SCOPE",
        "_MODEL",
        "KEYS_DIR",
        "_IDS",
    ];
    MARKERS.iter().any(|m| upper.contains(m)) && !NOT_SECRET.iter().any(|n| upper.contains(n))
}

/// Whether `name` contains, in any ASCII case, one of the words every
/// secret marker contains: PASS, PWD, SECRET, TOKEN, KEY, DSN, CREDENTIAL,
/// WEBHOOK. One pass: each byte picks the words that can start there.
#[inline]
fn has_quick_marker(name: &[u8]) -> bool {
    crate::contains_any_word_ignore_ascii_case(name, |b| match b {
        b'p' => &[b"PASS", b"PWD"],
        b's' => &[b"SECRET"],
        b't' => &[b"TOKEN"],
        b'k' => &[b"KEY"],
        b'd' => &[b"DSN"],
        b'c' => &[b"CREDENTIAL"],
        b'w' => &[b"WEBHOOK"],
        _ => &[],
    })
}

/// Where the password of a URL with credentials sits (`scheme://user:PW@host`),
/// as a byte range into `s`.
pub fn url_password_range(s: &str) -> Option<std::ops::Range<usize>> {
    let scheme_end = s.find("://")?;
    let rest_start = scheme_end + 3;
    let rest = &s[rest_start..];
    let at = rest.find('@')?;
    let userinfo = &rest[..at];
    if userinfo.contains('/') {
        return None;
    }
    let colon = userinfo.find(':')?;
    if colon + 1 == at {
        return None;
    }
    Some(rest_start + colon + 1..rest_start + at)
}

/// A value that stands in for a secret the deployer must supply
/// (`CHANGE_ME`, `change-this-password`, `<your-key>`, `placeholder`): no
/// secret is committed by writing it.
pub fn is_placeholder_secret(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "change",
        "replace",
        "placeholder",
        "example",
        "your_",
        "your-",
        "yourpass",
        "xxxx",
        "dummy",
        "todo",
        "fixme",
        "insert",
        "fill_in",
        "fill-in",
        "redacted",
    ];
    WORDS.iter().any(|w| v.contains(w)) || (v.starts_with('<') && v.ends_with('>'))
}

/// Masks a secret the way every golive output shows it: the first two
/// characters, an ellipsis and the length, e.g. `'dj…' (50 chars)`.
/// Very short secrets show no characters at all.
pub fn mask_secret(value: &str) -> String {
    let len = value.chars().count();
    let prefix: String = if len >= 8 {
        value.chars().take(2).collect()
    } else {
        String::new()
    };
    format!("'{prefix}…' ({len} chars)")
}

/// A value that is displayed masked. Wrap anything secret in it before it
/// can reach a message.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl Secret {
    /// The first characters shown in place of the value.
    pub fn prefix(&self) -> String {
        if self.0.chars().count() >= 8 {
            self.0.chars().take(2).collect()
        } else {
            String::new()
        }
    }

    pub fn len(&self) -> usize {
        self.0.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask_secret(&self.0))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", mask_secret(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_length_but_not_content() {
        let key = "django-insecure-abcdefghijklmnopqrstuvwxyz0123456789";
        let masked = mask_secret(key);
        assert_eq!(masked, format!("'dj…' ({} chars)", key.chars().count()));
        assert!(!masked.contains("insecure"));
        assert_eq!(mask_secret("hunter2"), "'…' (7 chars)");
    }
}

/// Returns `text` with secret values of configuration formats masked by
/// `*`, byte for byte so that every offset stays valid: `NAME=value`
/// (.env, Dockerfile ENV, systemd `Environment=`), `NAME: value` (YAML),
/// `NAME value` after `ENV`, where NAME is a secret name; and the password
/// of every URL with credentials.
pub fn redact_config_source(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut offset = 0usize;
    // The indentation of a secret-named YAML key whose value goes on over
    // the lines below (`API_TOKEN: >`, a plain scalar continued): those
    // lines, indented deeper, are the value.
    let mut block_under: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let content = line.trim_end();
        if let Some(key_indent) = block_under {
            if content.trim().is_empty() {
                offset += line.len();
                continue;
            }
            if indent > key_indent {
                for b in &mut bytes[offset + indent..offset + content.len()] {
                    *b = b'*';
                }
                offset += line.len();
                continue;
            }
            block_under = None;
        }
        let mut ranges = secret_value_ranges(line);
        // `API_TOKEN: >-`: the indicator is not the value; the lines below are.
        ranges.retain(|r| !is_block_indicator(&line[r.clone()]));
        let continues = match ranges.last() {
            // Unquoted, a YAML scalar goes on over deeper-indented lines.
            Some(last) => !line[last.end..].contains(['"', '\'']),
            None => secret_key_opens_block(line),
        };
        if continues {
            block_under = Some(indent);
        }
        for r in ranges {
            for b in &mut bytes[offset + r.start..offset + r.end] {
                *b = b'*';
            }
        }
        let mut search = 0;
        while let Some(r) = url_password_range(&line[search..]) {
            let (s, e) = (search + r.start, search + r.end);
            for b in &mut bytes[offset + s..offset + e] {
                *b = b'*';
            }
            if e <= search {
                break;
            }
            search = e;
        }
        offset += line.len();
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `API_TOKEN: >`, `PASSWORD: |-`, `SECRET_KEY:` — a secret-named key
/// whose value starts on the next line.
fn secret_key_opens_block(line: &str) -> bool {
    let t = line.trim();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let Some((key, rest)) = t.split_once(':') else {
        return false;
    };
    let key = key.trim().trim_matches(['"', '\'']);
    let rest = rest.trim();
    is_secret_name(key) && (rest.is_empty() || is_block_indicator(rest))
}

/// A YAML block scalar's header: `>`, `|`, `>-`, `|+`, `>2-`.
fn is_block_indicator(s: &str) -> bool {
    s.len() <= 3
        && s.starts_with(['>', '|'])
        && s[1..].chars().all(|c| matches!(c, '-' | '+' | '1'..='9'))
}

/// The byte ranges of secret values assigned on one line.
fn secret_value_ranges(line: &str) -> Vec<std::ops::Range<usize>> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !(b[i].is_ascii_alphabetic() || b[i] == b'_')
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        let name = &line[start..i];
        let mut j = i;
        // `NAME=`, `NAME:`, `NAME =`; a quoted YAML key (`"NAME":`).
        if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
            j += 1;
        }
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        let assigned = j < b.len()
            && (b[j] == b'=' || b[j] == b':')
            && !(b[j] == b':' && b.get(j + 1) == Some(&b'/'));
        let legacy_env =
            line[..start].trim_end().eq_ignore_ascii_case("ENV") && j > i && j < b.len();
        if !(assigned || legacy_env) || !is_secret_name(name) {
            continue;
        }
        if assigned {
            j += 1;
        }
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        let (quote, vstart) = match b.get(j) {
            Some(q @ (b'"' | b'\'')) => (Some(*q), j + 1),
            _ => (None, j),
        };
        let mut k = vstart;
        while k < b.len() {
            let c = b[k];
            // Unquoted, a value runs to the end of the line: `.env`, compose
            // and unit files take `PASSWORD=correct horse battery` whole,
            // and masking a second `NAME=value` pair with it is the safe side.
            let ends = match quote {
                Some(q) => c == q,
                None => c == b'\n' || c == b'\r',
            };
            if ends {
                break;
            }
            k += 1;
        }
        if quote.is_none() {
            while k > vstart && b[k - 1].is_ascii_whitespace() {
                k -= 1;
            }
        }
        if k > vstart {
            out.push(vstart..k);
        }
        i = k.max(i);
    }
    out
}

#[cfg(test)]
mod secret_name_tests {
    use super::{has_quick_marker, is_secret_name};

    /// The one-pass test agrees with searching for each word in turn, on
    /// every name built from the words, their neighbours and case changes.
    #[test]
    fn quick_markers_are_found_as_a_search_for_each_word_finds_them() {
        const WORDS: &[&str] = &[
            "PASS",
            "PWD",
            "SECRET",
            "TOKEN",
            "KEY",
            "DSN",
            "CREDENTIAL",
            "WEBHOOK",
        ];
        let pieces = [
            "",
            "_",
            "pass",
            "Pas",
            "PW",
            "pwd",
            "secre",
            "SECRET",
            "tok",
            "token",
            "KE",
            "key",
            "ds",
            "dsn",
            "credential",
            "CREDENTIA",
            "webhook",
            "WEBHOO",
            "p",
            "0",
            "é",
            "\x7f",
        ];
        let naive = |name: &str| {
            WORDS
                .iter()
                .any(|w| name.to_ascii_uppercase().contains(&w.to_ascii_uppercase()))
        };
        for a in pieces {
            for b in pieces {
                for c in ["", "_X", "y"] {
                    let name = format!("{a}{c}{b}");
                    assert_eq!(has_quick_marker(name.as_bytes()), naive(&name), "{name}");
                }
            }
        }
        assert!(is_secret_name("EMAIL_HOST_PASSWORD"));
        assert!(is_secret_name("secret_key"));
        assert!(is_secret_name("SENTRY_DSN"));
        assert!(!is_secret_name("PASSWORD_HASHERS"));
        assert!(!is_secret_name("DEBUG"));
    }
}

#[cfg(test)]
mod config_tests {
    use super::redact_config_source;

    #[test]
    fn masks_values_of_secret_names_only() {
        let text = "DEBUG=0\nSECRET_KEY=abc123def\nENV DJANGO_SECRET_KEY legacy value\nservices:\n      POSTGRES_PASSWORD: \"hunter2\"\n  - API_TOKEN=xyz\nDATABASE_URL=postgres://shop:s3cret@db/shop\n";
        let out = redact_config_source(text);
        assert_eq!(out.len(), text.len());
        assert!(out.contains("DEBUG=0"));
        assert!(out.contains("SECRET_KEY=*********"));
        assert!(out.contains("DJANGO_SECRET_KEY ************"));
        assert!(out.contains("POSTGRES_PASSWORD: \"*******\""));
        assert!(out.contains("API_TOKEN=***"));
        assert!(!out.contains("s3cret"));
        assert!(!out.contains("hunter2"));
    }

    #[test]
    fn a_secret_value_folded_over_the_lines_below_is_masked_whole() {
        let text = "    environment:\n      API_TOKEN: >-\n        first-half\n\n        second-half\n      DEBUG: \"0\"\n      DB_PASSWORD: plain\n        continued\n      LOG_LEVEL: info\n";
        let out = redact_config_source(text);
        assert_eq!(
            out,
            "    environment:\n      API_TOKEN: >-\n        **********\n\n        ***********\n      DEBUG: \"0\"\n      DB_PASSWORD: *****\n        *********\n      LOG_LEVEL: info\n"
        );
    }

    #[test]
    fn an_unquoted_value_runs_to_the_end_of_the_line() {
        let text = "DB_PASSWORD=correct horse battery  \nAPI_TOKEN: yaml horse\r\nDEBUG=0\n";
        let out = redact_config_source(text);
        assert_eq!(
            out,
            "DB_PASSWORD=*********************  \nAPI_TOKEN: **********\r\nDEBUG=0\n"
        );
    }
}
