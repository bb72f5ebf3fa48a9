//! DJS027: Django's `security.W027` (Django 6.1+).

use crate::context::{Blocked, CSP_MIDDLEWARE, Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::{V, Value, py_eq};

declare_rule! {
    /// ## What it does
    /// Checks that when the Content Security Policy uses `CSP.NONCE` and
    /// `ContentSecurityPolicyMiddleware` is active, some `TEMPLATES` backend
    /// lists the `django.template.context_processors.csp` context processor.
    ///
    /// ## Why is this bad?
    /// The nonce goes into the header but never into the templates, so every
    /// inline `<script nonce="{{ csp_nonce }}">` renders without a nonce and
    /// the browser blocks it.
    ///
    /// ## Example
    /// ```python
    /// SECURE_CSP = {"script-src": [CSP.SELF, CSP.NONCE]}
    /// TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {}}]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// TEMPLATES = [{
    ///     "BACKEND": "django.template.backends.django.DjangoTemplates",
    ///     "OPTIONS": {"context_processors": ["django.template.context_processors.csp"]},
    /// }]
    /// ```
    ///
    /// ## References
    /// - [Django: CSP nonce](https://docs.djangoproject.com/en/6.1/ref/csp/)
    pub(crate) static CSP_NONCE_WITHOUT_CONTEXT_PROCESSOR = {
        code: "DJS027",
        name: "csp-nonce-without-context-processor",
        severity: Warning,
        django_id: Some("security.W027"),
        since_django: (6, 1),
    };
}

const NONCE: &str = "<CSP_NONCE_SENTINEL>";
const PROCESSOR: &str = "django.template.context_processors.csp";

fn policy_has_nonce(policy: &Value) -> Option<bool> {
    let V::Dict(d) = &policy.v else {
        return Some(false);
    };
    let nonce = Value::str(NONCE);
    for (_, values) in d.borrow().entries.iter() {
        if values.is_unknown() {
            return None;
        }
        if py_eq(values, &nonce) == Some(true) {
            return Some(true);
        }
        match &values.v {
            V::Str(s) if s.contains(NONCE) => return Some(true),
            _ => {
                if values
                    .elements()
                    .is_some_and(|items| items.iter().any(|i| py_eq(i, &nonce) == Some(true)))
                {
                    return Some(true);
                }
            }
        }
    }
    Some(false)
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.at_least(6, 1) || !ctx.middleware(CSP_MIDDLEWARE)? {
        return Ok(());
    }
    let mut nonce = false;
    for name in ["SECURE_CSP", "SECURE_CSP_REPORT_ONLY"] {
        if let Some(v) = ctx.value(name)? {
            match policy_has_nonce(v) {
                Some(true) => nonce = true,
                Some(false) => {}
                None => {
                    return Err(Blocked {
                        setting: name.into(),
                        reason: "a directive golive cannot know".into(),
                    });
                }
            }
        }
    }
    if !nonce {
        return Ok(());
    }
    let templates = ctx
        .known("TEMPLATES")?
        .and_then(Value::elements)
        .unwrap_or_default();
    let configured = templates.iter().any(|t| {
        let V::Dict(d) = &t.v else { return false };
        let d = d.borrow();
        let Some(options) = d.get_str("OPTIONS") else {
            return false;
        };
        let V::Dict(o) = &options.v else { return false };
        let o = o.borrow();
        o.get_str("context_processors")
            .and_then(Value::elements)
            .is_some_and(|cps| cps.iter().any(|c| c.as_str() == Some(PROCESSOR)))
    });
    if !configured {
        ctx.report(
            &CSP_NONCE_WITHOUT_CONTEXT_PROCESSOR,
            &["SECURE_CSP", "TEMPLATES"],
            "the Content Security Policy uses CSP.NONCE and ContentSecurityPolicyMiddleware is enabled, but no TEMPLATES backend lists 'django.template.context_processors.csp': templates cannot render the nonce".into(),
            Some("add 'django.template.context_processors.csp' to OPTIONS['context_processors'] of your template backend".into()),
        );
    }
    Ok(())
}
