//! Which values are secrets, and how they are masked in output.

use golive_python::{V, Value};

/// Setting or key names whose values are secret.
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

/// A secret string as JSON: `{"secret": "dj…", "length": 50}`.
pub(crate) fn masked_json(s: &str) -> serde_json::Value {
    let secret = golive_source::Secret(s.to_string());
    serde_json::json!({"secret": format!("{}…", secret.prefix()), "length": secret.len()})
}

/// Masks the password of a URL with credentials (`postgres://u:pw@h/db`).
pub(crate) fn mask_url_password(s: &str) -> Option<String> {
    let scheme_end = s.find("://")?;
    let rest = &s[scheme_end + 3..];
    let at = rest.find('@')?;
    let userinfo = &rest[..at];
    if rest[..at].contains('/') {
        return None;
    }
    let (user, password) = userinfo.split_once(':')?;
    if password.is_empty() {
        return None;
    }
    Some(format!("{}://{user}:{}@{}", &s[..scheme_end], golive_source::mask_secret(password), &rest[at + 1..]))
}

/// A copy of a value with every secret string replaced by its mask (for
/// text output): strings under secret names and URL passwords.
pub fn mask_value_secrets(name: &str, value: &Value) -> Value {
    mask(is_secret_name(name), value)
}

fn mask(secret: bool, value: &Value) -> Value {
    match &value.v {
        V::Str(s) if secret && !s.is_empty() => Value::str(golive_source::mask_secret(s)),
        V::Str(s) => match mask_url_password(s) {
            Some(m) => Value::str(m),
            None => value.clone(),
        },
        V::List(_) | V::Tuple(_) | V::Set(_) => {
            let items: Vec<Value> = value.elements().unwrap_or_default().iter().map(|i| mask(secret, i)).collect();
            match value.v {
                V::List(_) => Value::list(items),
                V::Tuple(_) => Value::tuple(items),
                _ => Value::set(items),
            }
        }
        V::Dict(d) => Value::dict(d.borrow().entries.iter().map(|(k, v)| (k.clone(), mask(secret || k.as_str().is_some_and(is_secret_name), v))).collect()),
        _ => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for n in ["SECRET_KEY", "EMAIL_HOST_PASSWORD", "AWS_SECRET_ACCESS_KEY", "SENTRY_DSN", "PASSWORD", "STRIPE_API_KEY"] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in ["PASSWORD_HASHERS", "AUTH_PASSWORD_VALIDATORS", "PASSWORD_RESET_TIMEOUT", "CSRF_HEADER_NAME", "DEBUG"] {
            assert!(!is_secret_name(n), "{n}");
        }
    }

    #[test]
    fn url_passwords_are_masked() {
        let m = mask_url_password("postgres://shop:hunter2hunter2@db:5432/shop").unwrap();
        assert!(!m.contains("hunter2"));
        assert!(m.starts_with("postgres://shop:'hu…' (14 chars)@db:5432/shop"));
        assert_eq!(mask_url_password("redis://cache:6379/0"), None);
    }
}
