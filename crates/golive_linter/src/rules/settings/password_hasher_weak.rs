//! DJS111: passwords stored with a fast, broken hash.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that the first entry of `PASSWORD_HASHERS` — the one new
    /// passwords are hashed with — is not MD5, SHA1, or one of the unsalted
    /// hashers.
    ///
    /// ## Why is this bad?
    /// These hashes can be computed billions of times a second: a leaked
    /// user table gives up most passwords within hours. MD5 is the usual
    /// test-suite speed-up, copied into production by accident.
    ///
    /// ## Example
    /// ```python
    /// PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    /// ```
    ///
    /// Use instead: leave `PASSWORD_HASHERS` at Django's default (PBKDF2), or
    /// put `Argon2PasswordHasher` first.
    ///
    /// ## References
    /// - [Django: Password management](https://docs.djangoproject.com/en/stable/topics/auth/passwords/)
    pub(crate) static PASSWORD_HASHER_WEAK = {
        code: "DJS111",
        name: "password-hasher-weak",
        severity: Error,
        django_id: None,
    };
}

const WEAK: &[&str] = &[
    "MD5PasswordHasher",
    "SHA1PasswordHasher",
    "UnsaltedMD5PasswordHasher",
    "UnsaltedSHA1PasswordHasher",
    "CryptPasswordHasher",
];

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(hashers) = ctx.value("PASSWORD_HASHERS")? else {
        return Ok(());
    };
    let Some(first) = hashers.elements().and_then(|h| h.into_iter().next()) else {
        return Ok(());
    };
    if let Some(path) = first.as_str()
        && WEAK.iter().any(|w| path.rsplit('.').next() == Some(w))
    {
        ctx.report(
            &PASSWORD_HASHER_WEAK,
            &["PASSWORD_HASHERS"],
            format!("new passwords are hashed with '{path}', which is fast to brute-force"),
            Some("use Django's default hashers (PBKDF2) or put Argon2PasswordHasher first".into()),
        );
    }
    Ok(())
}
