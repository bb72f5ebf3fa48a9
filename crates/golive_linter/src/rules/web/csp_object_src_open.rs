//! WEB031: plugins (`<object>`, `<embed>`) from any host.

use super::ProbeContext;
use super::csp;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page whose enforced Content Security Policy lets
    /// `<object>` and `<embed>` load from any host: no policy has
    /// `object-src` nor `default-src`, or each allows `*`, `https:`, `http:`
    /// or a host wildcard there. A policy with `object-src 'self'` (or only
    /// `default-src 'self'`) is not reported: plugin content from the site's
    /// own origin is as trusted as its own scripts, which `'self'` allows
    /// anyway; `object-src 'none'` is the recommended value all the same.
    ///
    /// ## Why is this bad?
    /// Plugin content was the classic way around a script policy: a Flash
    /// or Java object runs code with access to the page, and `object-src`
    /// is not covered by `script-src`. Current browsers no longer run those
    /// plugins, which is why golive weighs it lighter than the Observatory,
    /// but PDF and other handlers remain, and strict-CSP guidance (OWASP,
    /// Google's strict CSP, the HTTP Observatory) asks for `object-src 'none'`.
    ///
    /// ## Example
    /// `Content-Security-Policy: script-src 'self'` (no `object-src`, no `default-src`).
    ///
    /// Use instead: `Content-Security-Policy: script-src 'self'; object-src 'none'`.
    ///
    /// ## References
    /// - [MDN: CSP object-src](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/object-src)
    /// - [OWASP CSP Cheat Sheet: strict policy](https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html#strict-policy)
    pub(crate) static CSP_OBJECT_SRC_OPEN = {
        code: "WEB031",
        name: "csp-object-src-open",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    let policies = csp::enforced(page);
    if policies.is_empty() {
        return;
    }
    let chain = ["object-src", "default-src"];
    let Some(offending) = csp::open_in_all(&policies, &chain, csp::allows_any_host) else {
        return;
    };
    let message = if offending.is_empty() {
        format!(
            "{} does not restrict plugins: it has no object-src and no default-src",
            csp::named(&policies)
        )
    } else {
        let named: Vec<String> = offending
            .iter()
            .map(|(d, e)| format!("`{e}` in {d}"))
            .collect();
        format!(
            "{} lets <object> and <embed> load from any host: {}",
            csp::named(&policies),
            named.join(", ")
        )
    };
    ctx.report(
        &CSP_OBJECT_SRC_OPEN,
        ctx.at_csp(page),
        message,
        Some("add `object-src 'none'`".into()),
    );
}
