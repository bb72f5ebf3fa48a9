//! Which values are secrets, and how they are masked in output.

use golive_python::{V, Value};

pub use golive_source::is_secret_name;

/// A secret string as JSON: `{"secret": "dj…", "length": 50}`.
pub(crate) fn masked_json(s: &str) -> serde_json::Value {
    let secret = golive_source::Secret(s.to_string());
    serde_json::json!({"secret": format!("{}…", secret.prefix()), "length": secret.len()})
}

/// Masks the password of a URL with credentials (`postgres://u:pw@h/db`).
pub(crate) fn mask_url_password(s: &str) -> Option<String> {
    let r = golive_source::url_password_range(s)?;
    Some(format!("{}{}{}", &s[..r.start], golive_source::mask_secret(&s[r.clone()]), &s[r.end..]))
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
