//! WEB038: cookies that browsers refuse to store.

use super::{Cookie, ProbeContext, cookies_once};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `Set-Cookie` that browsers drop (RFC 6265bis §5.7):
    ///
    /// - `SameSite=None` without `Secure`;
    /// - a name starting with `__Secure-` without `Secure`;
    /// - a name starting with `__Host-` without `Secure`, with a `Domain`, or
    ///   without `Path=/` (the prefixes are matched case-insensitively, as
    ///   current browsers do);
    /// - `Secure` on a cookie set by a plain `http://` response.
    ///
    /// Each cookie (name, domain, path) is reported once, however many
    /// responses set it.
    ///
    /// ## Why is this bad?
    /// The cookie never reaches the browser's store, so whatever it carries
    /// does not work: a session that logs out on every request, a CSRF
    /// check that fails on every form (`CSRF_COOKIE_SAMESITE = "None"`
    /// without `CSRF_COOKIE_SECURE`), an embed that never sees its cookie.
    /// Nothing leaks, which is why it weighs little in the grade; the
    /// prefixes exist to guarantee a cookie's integrity, and a cookie that
    /// breaks their rules does not get it.
    ///
    /// ## Example
    /// `Set-Cookie: sessionid=…; SameSite=None; HttpOnly; Path=/`.
    ///
    /// Use instead: `SESSION_COOKIE_SECURE = True` with `SESSION_COOKIE_SAMESITE = "None"`.
    ///
    /// ## References
    /// - [RFC 6265bis: storage model, cookie prefixes](https://httpwg.org/http-extensions/draft-ietf-httpbis-rfc6265bis.html#name-storage-model)
    /// - [MDN: Set-Cookie, cookie prefixes](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#cookie_prefixes)
    pub(crate) static COOKIE_REJECTED = {
        code: "WEB038",
        name: "cookie-rejected",
        severity: Warning,
        django_id: None,
    };
}

fn has_prefix(name: &str, prefix: &str) -> bool {
    name.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Why a browser refuses the cookie, if it does.
pub(crate) fn rejection(https: bool, c: &Cookie) -> Option<String> {
    let mut why = Vec::new();
    if c.same_site
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("none"))
        && !c.secure
    {
        why.push("SameSite=None requires Secure".to_string());
    }
    if has_prefix(&c.name, "__Host-") {
        if !c.secure {
            why.push("the __Host- prefix requires Secure".to_string());
        }
        if c.domain.is_some() {
            why.push("the __Host- prefix forbids Domain".to_string());
        }
        if c.path.as_deref() != Some("/") {
            why.push("the __Host- prefix requires Path=/".to_string());
        }
    } else if has_prefix(&c.name, "__Secure-") && !c.secure {
        why.push("the __Secure- prefix requires Secure".to_string());
    }
    if !https && c.secure {
        why.push("a Secure cookie cannot be set by an http:// response".to_string());
    }
    (!why.is_empty()).then(|| why.join("; "))
}

pub(crate) fn check(ctx: &ProbeContext) {
    for (ex, i, c, why) in cookies_once(ctx.obs, |ex, c| rejection(ctx.is_https(ex), c)) {
        ctx.report(
            &COOKIE_REJECTED,
            ctx.at_header_index(ex, i),
            format!("browsers refuse cookie `{}`: {why}", c.name),
            Some("set the cookie's Secure flag (SESSION_COOKIE_SECURE / CSRF_COOKIE_SECURE = True) and keep prefixed cookies to their rules".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_cookie;
    use super::rejection;

    #[test]
    fn what_browsers_refuse() {
        let r = |h: &str| rejection(true, &parse_cookie(h));
        assert!(r("a=1; SameSite=None").is_some());
        assert_eq!(r("a=1; SameSite=none; Secure"), None);
        assert!(r("__Host-id=1; Secure; Path=/; Domain=example.com").is_some());
        assert!(r("__host-id=1; Secure").is_some());
        assert_eq!(r("__Host-id=1; Secure; Path=/"), None);
        assert!(r("__Secure-id=1").is_some());
        assert_eq!(r("__Secure-id=1; secure"), None);
        assert!(rejection(false, &parse_cookie("a=1; Secure")).is_some());
    }
}
