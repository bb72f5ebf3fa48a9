//! WEB030: the enforced Content-Security-Policy allows `eval()`.

use super::ProbeContext;
use super::csp;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page whose every enforced Content Security Policy allows
    /// `'unsafe-eval'` in its script sources (`script-src`, else
    /// `default-src`: the directives browsers consult before `eval()`,
    /// `new Function()` and string `setTimeout`). A page without any script
    /// restriction is WEB009's finding, not this one's; `'wasm-unsafe-eval'`
    /// (WebAssembly only) is not reported.
    ///
    /// ## Why is this bad?
    /// Code that turns strings into code is a common XSS sink (template
    /// libraries, `setTimeout("…")`, JSONP-style parsing). With
    /// `'unsafe-eval'`, data the attacker controls reaching such a sink runs
    /// even though injected `<script>` elements are blocked.
    ///
    /// ## Example
    /// `Content-Security-Policy: script-src 'self' 'unsafe-eval'`.
    ///
    /// Use instead: `Content-Security-Policy: script-src 'self'` (and replace the code that needs eval).
    ///
    /// ## References
    /// - [MDN: CSP script-src, unsafe eval expressions](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/script-src#unsafe_eval_expressions)
    /// - [CSP Level 3: EnsureCSPDoesNotBlockStringCompilation](https://www.w3.org/TR/CSP3/#can-compile-strings)
    pub(crate) static CSP_UNSAFE_EVAL_LIVE = {
        code: "WEB030",
        name: "csp-unsafe-eval-live",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    let policies = csp::enforced(page);
    // Only policies that restrict scripts say anything about eval; when
    // none does, WEB009 reports the page as unrestricted.
    let chain = ["script-src", "default-src"];
    if !policies.iter().any(|p| p.effective(&chain).is_some()) {
        return;
    }
    if let Some(offending) =
        csp::open_in_all(&policies, &chain, |v| csp::is_keyword(v, "'unsafe-eval'"))
    {
        let named: Vec<String> = offending
            .iter()
            .map(|(d, e)| format!("`{e}` in {d}"))
            .collect();
        ctx.report(
            &CSP_UNSAFE_EVAL_LIVE,
            ctx.at_csp(page),
            format!("{} lets scripts run strings as code (eval, new Function): {}", csp::named(&policies), named.join(", ")),
            Some("remove 'unsafe-eval' once the code no longer needs eval (often a template library's runtime compiler)".into()),
        );
    }
}
