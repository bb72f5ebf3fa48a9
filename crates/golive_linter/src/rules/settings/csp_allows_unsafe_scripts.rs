//! DJS129: a Content Security Policy that allows injected scripts.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::{V, Value};

declare_rule! {
    /// ## What it does
    /// Checks the script sources of a Content Security Policy —
    /// `script-src` (or `default-src` when there is none) — for
    /// `'unsafe-inline'`, `'unsafe-eval'`, `*`, `http:`, `https:` or
    /// `data:`, in all three ways Django projects write a policy: django-csp
    /// 3.x (`CSP_SCRIPT_SRC`, `CSP_DEFAULT_SRC`), django-csp 4.x
    /// (`CONTENT_SECURITY_POLICY["DIRECTIVES"]`) and Django 6.0's
    /// `SECURE_CSP`, report-only variants included. `'unsafe-inline'` next
    /// to a nonce or a hash (`CSP_INCLUDE_NONCE_IN`, `'nonce-…'`,
    /// `'sha256-…'`, `CSP.NONCE`) is not reported: browsers that know
    /// nonces ignore it, and it only keeps old browsers working. When the
    /// project requires a django-csp release, only the settings that
    /// release reads are judged (4.x ignores `CSP_*`, 3.x ignores
    /// `CONTENT_SECURITY_POLICY`).
    ///
    /// ## Why is this bad?
    /// A CSP exists to stop injected scripts from running. `'unsafe-inline'`
    /// lets any injected `<script>` run, `'unsafe-eval'` lets strings become
    /// code, and scheme or wildcard sources let an attacker load script from
    /// anywhere: the policy no longer protects against XSS.
    ///
    /// ## Example
    /// ```python
    /// CSP_SCRIPT_SRC = ("'self'", "'unsafe-inline'")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// CSP_SCRIPT_SRC = ("'self'",)
    /// CSP_INCLUDE_NONCE_IN = ("script-src",)  # and nonce="{{ request.csp_nonce }}" on inline scripts
    /// ```
    ///
    /// ## References
    /// - [MDN: script-src](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/script-src)
    /// - [django-csp](https://django-csp.readthedocs.io/)
    pub(crate) static CSP_ALLOWS_UNSAFE_SCRIPTS = {
        code: "DJS129",
        name: "csp-allows-unsafe-scripts",
        severity: Warning,
        django_id: None,
    };
}

const UNSAFE: &[&str] = &[
    "'unsafe-inline'",
    "'unsafe-eval'",
    "*",
    "http:",
    "https:",
    "data:",
];

fn sources(v: &Value) -> Vec<String> {
    match &v.v {
        V::Str(s) => s.split_whitespace().map(str::to_string).collect(),
        _ => v
            .elements()
            .unwrap_or_default()
            .iter()
            .filter_map(|e| e.as_str().map(str::to_string))
            .collect(),
    }
}

fn directive(policy: &Value, name: &str) -> Option<Value> {
    let V::Dict(d) = &policy.v else { return None };
    d.borrow().get_str(name).cloned()
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    // (setting, script sources) for every policy the settings define.
    let mut policies: Vec<(&str, Option<Value>)> = Vec::new();
    // django-csp 4 reads only CONTENT_SECURITY_POLICY (its check refuses
    // the 3.x CSP_* settings), and 3.x only CSP_*: a policy the pinned
    // release ignores is never sent.
    let csp_major = ctx.project.django_csp_major;
    let legacy = csp_major.is_none_or(|m| m < 4);
    let modern = csp_major.is_none_or(|m| m >= 4);
    for (script, default) in [("CSP_SCRIPT_SRC", "CSP_DEFAULT_SRC")]
        .into_iter()
        .filter(|_| legacy)
    {
        if ctx.is_set(script) {
            policies.push((script, ctx.value(script)?.cloned()));
        } else if ctx.is_set(default) {
            policies.push((default, ctx.value(default)?.cloned()));
        }
    }
    for name in [
        "CONTENT_SECURITY_POLICY",
        "CONTENT_SECURITY_POLICY_REPORT_ONLY",
    ]
    .into_iter()
    .filter(|_| modern)
    {
        if ctx.is_set(name)
            && let Some(p) = ctx.value(name)?
            && let Some(directives) = directive(p, "DIRECTIVES")
        {
            policies.push((
                name,
                directive(&directives, "script-src")
                    .or_else(|| directive(&directives, "default-src")),
            ));
        }
    }
    if ctx.at_least(6, 0) {
        for name in ["SECURE_CSP", "SECURE_CSP_REPORT_ONLY"] {
            if ctx.is_set(name)
                && let Some(p) = ctx.value(name)?
            {
                policies.push((
                    name,
                    directive(p, "script-src").or_else(|| directive(p, "default-src")),
                ));
            }
        }
    }
    // django-csp 3.x adds a nonce to the directives CSP_INCLUDE_NONCE_IN
    // names.
    let nonce_in: Vec<String> = match ctx.value("CSP_INCLUDE_NONCE_IN")? {
        Some(v) if ctx.is_set("CSP_INCLUDE_NONCE_IN") => sources(v),
        _ => Vec::new(),
    };
    for (setting, script) in policies {
        let Some(script) = script else { continue };
        let listed = sources(&script);
        // With a nonce or a hash, browsers ignore 'unsafe-inline' (it only
        // remains for old browsers).
        let legacy_nonce = matches!(setting, "CSP_SCRIPT_SRC" | "CSP_DEFAULT_SRC")
            && nonce_in
                .iter()
                .any(|d| d == "script-src" || d == "default-src");
        let nonce = legacy_nonce
            || listed.iter().any(|s| {
                s.starts_with("'nonce-")
                    || s.starts_with("'sha256-")
                    || s.starts_with("'sha384-")
                    || s.starts_with("'sha512-")
                    || s == "<CSP_NONCE_SENTINEL>"
            });
        let bad: Vec<String> = listed
            .into_iter()
            .filter(|s| UNSAFE.contains(&s.as_str()) && !(nonce && s == "'unsafe-inline'"))
            .collect();
        if !bad.is_empty() {
            ctx.report_keyed(
                &CSP_ALLOWS_UNSAFE_SCRIPTS,
                &[setting],
                format!("the Content Security Policy in `{setting}` allows {} for scripts: it does not stop injected scripts", bad.join(", ")),
                Some("allow scripts by origin ('self', your CDN) and nonces or hashes instead".into()),
                Some(setting.to_string()),
            );
        }
    }
    Ok(())
}
