//! WEB005: cookies without Secure on HTTPS, session cookies without HttpOnly.

use super::{Cookie, ProbeContext, cookies_once};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reads every `Set-Cookie` of the probe — including the admin login
    /// page, which sets the CSRF cookie that the home page often does not —
    /// and reports, on an HTTPS site, a cookie without `Secure`, and a
    /// session cookie without `HttpOnly`. Session cookies are recognised by
    /// name: Django's `sessionid` (the `SESSION_COOKIE_NAME` default), any
    /// name containing `session`, and the other frameworks' `PHPSESSID`,
    /// `JSESSIONID` and `connect.sid`. Django's `csrftoken` is not expected
    /// to be `HttpOnly` (JavaScript reads it for AJAX requests).
    ///
    /// A cookie set by several responses (the same name, domain and path)
    /// is reported once. Cookies browsers reject are WEB038, an invalid
    /// `SameSite` WEB039.
    ///
    /// ## Why is this bad?
    /// A cookie without `Secure` is sent over plain HTTP, where anyone on
    /// the network reads the session id. A session cookie readable by
    /// JavaScript is stolen by any XSS. When the settings say
    /// `SESSION_COOKIE_SECURE = True` but the live cookie is not `Secure`,
    /// production runs another settings module.
    ///
    /// ## Example
    /// `Set-Cookie: csrftoken=…; Path=/; SameSite=Lax` on `https://`.
    ///
    /// Use instead: `SESSION_COOKIE_SECURE = True`, `CSRF_COOKIE_SECURE = True`.
    ///
    /// ## References
    /// - [Django: SESSION_COOKIE_SECURE](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure)
    /// - [MDN: Set-Cookie](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie)
    /// - [OWASP Session Management Cheat Sheet: cookies](https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies)
    pub(crate) static COOKIE_FLAGS_MISSING = {
        code: "WEB005",
        name: "cookie-flags-missing",
        severity: Warning,
        django_id: None,
    };
}

/// A cookie that carries a login session, by the names frameworks give
/// them.
pub(crate) fn is_session(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("session") || matches!(n.as_str(), "phpsessid" | "jsessionid" | "connect.sid")
}

fn missing(https: bool, c: &Cookie) -> Option<Vec<&'static str>> {
    let mut missing = Vec::new();
    if https && !c.secure {
        missing.push("Secure");
    }
    if is_session(&c.name) && !c.http_only {
        missing.push("HttpOnly");
    }
    (!missing.is_empty()).then_some(missing)
}

pub(crate) fn check(ctx: &ProbeContext) {
    for (ex, i, c, missing) in cookies_once(ctx.obs, |ex, c| missing(ctx.is_https(ex), c)) {
        let kind = if is_session(&c.name) {
            "session cookie"
        } else {
            "cookie"
        };
        ctx.report(
            &COOKIE_FLAGS_MISSING,
            ctx.at_header_index(ex, i),
            format!("{kind} `{}` is set without {}", c.name, missing.join(" and ")),
            Some("set SESSION_COOKIE_SECURE / CSRF_COOKIE_SECURE = True (and keep SESSION_COOKIE_HTTPONLY = True)".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_session;

    #[test]
    fn session_cookies_by_name() {
        for n in [
            "sessionid",
            "PHPSESSID",
            "JSESSIONID",
            "connect.sid",
            "shop_session",
            "SessionToken",
        ] {
            assert!(is_session(n), "{n}");
        }
        for n in ["csrftoken", "messages", "sid_hint", "django_language"] {
            assert!(!is_session(n), "{n}");
        }
    }
}
