//! Masking of secret values: no renderer ever prints a secret in full.

use std::fmt;

/// Setting or key names whose values are secret (`SECRET_KEY`,
/// `EMAIL_HOST_PASSWORD`, a DSN, an API token).
pub fn is_secret_name(name: &str) -> bool {
    // Every marker contains one of these; most names contain none, and are
    // rejected without allocating.
    const QUICK: &[&str] = &["PASS", "SECRET", "TOKEN", "KEY", "DSN", "CREDENTIAL"];
    if !QUICK.iter().any(|q| contains_ignore_case(name, q)) {
        return false;
    }
    let upper = name.to_ascii_uppercase();
    if upper == "SECRET_KEY" || upper == "SECRET_KEY_FALLBACKS" {
        return true;
    }
    const MARKERS: &[&str] =
        &["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "DSN", "CREDENTIAL", "AUTH_KEY", "SIGNING_KEY"];
    const NOT_SECRET: &[&str] =
        &["HASHER", "VALIDATOR", "TIMEOUT", "RESET", "_AGE", "_NAME", "HEADER", "_CLASS", "BACKEND", "EXPIR", "_URL_NAME", "_LENGTH", "_FIELD"];
    MARKERS.iter().any(|m| upper.contains(m)) && !NOT_SECRET.iter().any(|n| upper.contains(n))
}

fn contains_ignore_case(haystack: &str, upper_needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), upper_needle.as_bytes());
    h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
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

/// Masks a secret the way every golive output shows it: the first two
/// characters, an ellipsis and the length, e.g. `'dj…' (50 chars)`.
/// Very short secrets show no characters at all.
pub fn mask_secret(value: &str) -> String {
    let len = value.chars().count();
    let prefix: String = if len >= 8 { value.chars().take(2).collect() } else { String::new() };
    format!("'{prefix}…' ({len} chars)")
}

/// A value that is displayed masked. Wrap anything secret in it before it
/// can reach a message.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl Secret {
    /// The first characters shown in place of the value.
    pub fn prefix(&self) -> String {
        if self.0.chars().count() >= 8 { self.0.chars().take(2).collect() } else { String::new() }
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
