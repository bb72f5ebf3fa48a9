//! WEB009: the enforced Content-Security-Policy lets an injected script run.

use super::ProbeContext;
use super::csp::{self, ScriptHole};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Judges the scripts the page's enforced Content Security Policy lets
    /// run — every `Content-Security-Policy` header and every CSP `<meta>`
    /// in the head, combined as browsers combine them: a script runs only if
    /// *every* policy allows it, so one strict policy closes a hole another
    /// leaves open. For `<script>` elements browsers read `script-src-elem`,
    /// else `script-src`, else `default-src`. It reports, with the directive
    /// and the source expression:
    ///
    /// - no policy restricts scripts at all (none of those directives);
    /// - `'unsafe-inline'`: an injected `<script>` or `onclick=` runs.
    ///   Browsers ignore it when the list has a nonce or a hash, or
    ///   `'strict-dynamic'`, and so does this rule;
    /// - `data:`: `<script src="data:…">` carries its own code;
    /// - `*`, `https:`, `http:` or a host wildcard (`https://*`): a script
    ///   from any host runs, the attacker's included.
    ///
    /// With `'strict-dynamic'`, browsers ignore host and scheme sources (and
    /// `'self'`) for scripts in the markup; only nonces and hashes count, so
    /// `'strict-dynamic' 'nonce-…' https:` is strict. A subdomain wildcard
    /// (`https://*.example.com`) is not reported: it names hosts the site
    /// controls (as the HTTP Observatory does). `'unsafe-eval'` is WEB030, a
    /// missing policy WEB010.
    ///
    /// This rule used to read only the first header, ignored `<meta>`
    /// policies and `data:`, and did not apply `'strict-dynamic'`.
    ///
    /// ## Why is this bad?
    /// A CSP is the second line of defence against XSS: with a strict
    /// script policy, markup injected into the page does not run. A policy
    /// with one of these holes blocks none of the usual payloads.
    ///
    /// ## Example
    /// `Content-Security-Policy: default-src 'self'; script-src 'self' 'unsafe-inline' https:`.
    ///
    /// Use instead: `Content-Security-Policy: default-src 'self'; script-src 'self' 'nonce-…'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`.
    ///
    /// ## References
    /// - [CSP Level 3: script-src, 'strict-dynamic'](https://www.w3.org/TR/CSP3/#strict-dynamic-usage)
    /// - [MDN: Content-Security-Policy](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy)
    /// - [OWASP CSP Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html)
    /// - [Django 6.0: Content Security Policy](https://docs.djangoproject.com/en/dev/ref/csp/)
    pub(crate) static CSP_LIVE = {
        code: "WEB009",
        name: "csp-unsafe-live",
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
    let at = ctx.at_csp(page);
    let per_policy: Vec<_> = policies.iter().map(csp::script_holes).collect();
    if per_policy.iter().all(Result::is_err) {
        ctx.report(
            &CSP_LIVE,
            at,
            format!("{} does not restrict scripts: it has no script-src and no default-src", csp::named(&policies)),
            Some("add `script-src 'self'` (or `default-src 'self'`), with nonces for the inline scripts you need".into()),
        );
        return;
    }
    for (hole, what) in [
        (
            ScriptHole::Inline,
            "inline scripts and event handlers (an injected `<script>` runs)",
        ),
        (
            ScriptHole::Data,
            "scripts from `data:` URLs (an injected `<script src=\"data:…\">` runs)",
        ),
        (
            ScriptHole::AnyHost,
            "scripts from any host (an injected `<script src>` from the attacker's host runs)",
        ),
    ] {
        // Open only if every policy leaves it open: an unrestricted policy
        // does, a restricted one only if it has an expression that opens it.
        let mut offending = Vec::new();
        let open = per_policy.iter().all(|p| match p {
            Err(()) => true,
            Ok(holes) => {
                let here: Vec<_> = holes.iter().filter(|(h, _, _)| *h == hole).collect();
                offending.extend(here.iter().map(|(_, d, e)| format!("`{e}` in {d}")));
                !here.is_empty()
            }
        });
        if open {
            offending.dedup();
            ctx.report(
                &CSP_LIVE,
                at,
                format!("{} allows {what}: {}", csp::named(&policies), offending.join(", ")),
                Some(match hole {
                    ScriptHole::Inline => "remove 'unsafe-inline' from the script sources; give the inline scripts you need a nonce (Django 6.0 SECURE_CSP with CSP.NONCE) or a hash".into(),
                    ScriptHole::Data => "remove data: from the script sources".into(),
                    ScriptHole::AnyHost => "list the hosts scripts come from ('self', https://cdn.example.com) instead of a wildcard or a bare scheme".into(),
                }),
            );
        }
    }
}
