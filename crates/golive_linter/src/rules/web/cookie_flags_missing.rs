//! WEB005: session or CSRF cookies without their protective flags.

use super::{ProbeContext, parse_cookie};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reads every `Set-Cookie` of the probe — including the admin login
    /// page, which sets the CSRF cookie that the home page often does not —
    /// and reports, on an HTTPS site, a cookie without `Secure`; a session
    /// cookie (`sessionid`, or `SESSION_COOKIE_NAME`-like names ending in
    /// `session`) without `HttpOnly`; and `SameSite=None` without `Secure`.
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
    pub(crate) static COOKIE_FLAGS_MISSING = {
        code: "WEB005",
        name: "cookie-flags-missing",
        severity: Warning,
        django_id: None,
    };
}

fn is_session(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "sessionid" || n.ends_with("session") || n.ends_with("sessionid")
}

pub(crate) fn check(ctx: &ProbeContext) {
    for ex in &ctx.obs.exchanges {
        for (i, (k, v)) in ex.headers.iter().enumerate() {
            if k != "set-cookie" {
                continue;
            }
            let c = parse_cookie(v);
            let mut missing = Vec::new();
            if ctx.is_https(ex) && !c.secure {
                missing.push("Secure");
            }
            if is_session(&c.name) && !c.http_only {
                missing.push("HttpOnly");
            }
            let none_insecure = c
                .same_site
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("none"))
                && !c.secure;
            if missing.is_empty() && !none_insecure {
                continue;
            }
            let mut message = format!(
                "cookie `{}` is set without {}",
                c.name,
                missing.join(" and ")
            );
            if none_insecure {
                message = if missing.is_empty() {
                    format!(
                        "cookie `{}` has SameSite=None without Secure: browsers reject it",
                        c.name
                    )
                } else {
                    format!("{message}, with SameSite=None (browsers reject it)")
                };
            }
            ctx.report(
                &COOKIE_FLAGS_MISSING,
                ctx.at_header_index(ex, i),
                message,
                Some("set SESSION_COOKIE_SECURE / CSRF_COOKIE_SECURE = True (and keep SESSION_COOKIE_HTTPONLY = True)".into()),
            );
        }
    }
}
