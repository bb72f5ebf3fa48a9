//! Masking of secret values: no renderer ever prints a secret in full.

use std::fmt;

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
