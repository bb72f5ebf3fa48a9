//! DJS107: django-cors-headers open to every origin.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks django-cors-headers settings: `CORS_ALLOW_ALL_ORIGINS` (and its
    /// old name `CORS_ORIGIN_ALLOW_ALL`) set to a true value together with
    /// `CORS_ALLOW_CREDENTIALS`, or credentials combined with origin regexes
    /// that match any origin. Without credentials, browsers send no cookies
    /// to an allow-all API: what another site reads is what anyone can
    /// fetch, so that is not reported.
    ///
    /// ## Why is this bad?
    /// Any website can then read your API's responses from a visitor's
    /// browser; with credentials allowed, it reads them as the logged-in
    /// user — account data, CSRF tokens, everything the session can see.
    ///
    /// ## Example
    /// ```python
    /// CORS_ALLOW_ALL_ORIGINS = True
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    /// ```
    ///
    /// ## References
    /// - [django-cors-headers: settings](https://github.com/adamchainz/django-cors-headers#configuration)
    pub(crate) static CORS_ALLOW_ALL_ORIGINS = {
        code: "DJS107",
        name: "cors-allow-all-origins",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    for name in ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"] {
        if ctx.is_set(name) && ctx.truthy(name)? {
            let credentials =
                ctx.is_set("CORS_ALLOW_CREDENTIALS") && ctx.truthy("CORS_ALLOW_CREDENTIALS")?;
            if !credentials {
                return Ok(());
            }
            ctx.report(
                &CORS_ALLOW_ALL_ORIGINS,
                &[name],
                format!(
                    "`{name}` is true: every website may read responses{}",
                    if credentials {
                        ", with the user's cookies (CORS_ALLOW_CREDENTIALS)"
                    } else {
                        ""
                    }
                ),
                Some("list the origins that need access in CORS_ALLOWED_ORIGINS".into()),
            );
            return Ok(());
        }
    }
    if ctx.is_set("CORS_ALLOW_CREDENTIALS") && ctx.truthy("CORS_ALLOW_CREDENTIALS")? {
        for name in ["CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"] {
            let Some(v) = ctx.value(name)? else { continue };
            if v.elements().unwrap_or_default().iter().any(|r| {
                r.as_str().is_some_and(|s| {
                    matches!(
                        s,
                        ".*" | "^.*$" | ".+" | "^.+$" | "^https?://.*$" | "^https://.*$"
                    )
                })
            }) {
                ctx.report(
                    &CORS_ALLOW_ALL_ORIGINS,
                    &[name, "CORS_ALLOW_CREDENTIALS"],
                    format!("`{name}` matches every origin while CORS_ALLOW_CREDENTIALS is on: any website reads responses as the logged-in user"),
                    Some("match the exact origins that need access".into()),
                );
            }
        }
    }
    Ok(())
}
