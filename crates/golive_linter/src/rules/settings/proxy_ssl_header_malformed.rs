//! DJS124: a SECURE_PROXY_SSL_HEADER Django cannot use.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks that `SECURE_PROXY_SSL_HEADER`, when set, is a 2-tuple of
    /// strings whose header name is in Django's `HTTP_...` form, such as
    /// `("HTTP_X_FORWARDED_PROTO", "https")`.
    ///
    /// ## Why is this bad?
    /// Django only validates the setting on the first request (an error on
    /// every request for a wrong shape), and a header written as it appears
    /// on the wire (`"X-Forwarded-Proto"`) never matches: `request.is_secure()`
    /// stays false behind the proxy, `SECURE_SSL_REDIRECT` loops, and secure
    /// cookies are not set.
    ///
    /// ## Example
    /// ```python
    /// SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "https")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    /// ```
    ///
    /// ## References
    /// - [Django: SECURE_PROXY_SSL_HEADER](https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header)
    pub(crate) static PROXY_SSL_HEADER_MALFORMED = {
        code: "DJS124",
        name: "proxy-ssl-header-malformed",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(value) = ctx.known("SECURE_PROXY_SSL_HEADER")? else {
        return Ok(());
    };
    if matches!(value.v, V::None) {
        return Ok(());
    }
    let problem = match value.elements() {
        Some(items) if items.len() == 2 => match (items[0].as_str(), items[1].as_str()) {
            (Some(h), Some(_))
                if !h.starts_with("HTTP_")
                    || h.contains('-')
                    || h.chars().any(|c| c.is_ascii_lowercase()) =>
            {
                Some(format!(
                    "the header {} is not in Django's META form (upper case, `HTTP_` prefix, underscores): it never matches",
                    golive_python::str_repr(h)
                ))
            }
            (Some(_), Some(_)) => None,
            _ => Some("both items must be strings".to_string()),
        },
        _ => Some(format!(
            "it must be a 2-tuple (header, value), not {}",
            value.repr()
        )),
    };
    if let Some(problem) = problem {
        ctx.report(
            &PROXY_SSL_HEADER_MALFORMED,
            &["SECURE_PROXY_SSL_HEADER"],
            format!("`SECURE_PROXY_SSL_HEADER` is malformed: {problem}"),
            Some("use SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\") and make the proxy set that header".into()),
        );
    }
    Ok(())
}
