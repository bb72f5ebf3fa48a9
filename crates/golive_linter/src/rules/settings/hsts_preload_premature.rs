//! DJS123: HSTS preload requested before it can be accepted.

use crate::context::{Checked, SECURITY_MIDDLEWARE, SettingsContext};
use crate::rule::declare_rule;
use golive_python::{V, value::float_repr};

declare_rule! {
    /// ## What it does
    /// Checks that when `SECURE_HSTS_PRELOAD` is on, `SECURE_HSTS_SECONDS` is
    /// at least one year (31536000) and `SECURE_HSTS_INCLUDE_SUBDOMAINS` is
    /// `True` — what the browsers' preload list requires.
    ///
    /// ## Why is this bad?
    /// The preload list rejects the site, yet the `preload` token is sent:
    /// HSTS was staged wrongly. Preloading is the last step, after a year of
    /// HSTS with subdomains on every host; it cannot be undone quickly.
    ///
    /// ## Example
    /// ```python
    /// SECURE_HSTS_SECONDS = 3600
    /// SECURE_HSTS_PRELOAD = True
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECURE_HSTS_SECONDS = 31536000
    /// SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    /// SECURE_HSTS_PRELOAD = True
    /// ```
    ///
    /// ## References
    /// - [hstspreload.org: submission requirements](https://hstspreload.org/#submission-requirements)
    pub(crate) static HSTS_PRELOAD_PREMATURE = {
        code: "DJS123",
        name: "hsts-preload-premature",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.middleware(SECURITY_MIDDLEWARE)?
        || !ctx.is_true("SECURE_HSTS_PRELOAD")?
        || !ctx.truthy("SECURE_HSTS_SECONDS")?
    {
        return Ok(());
    }
    let seconds = ctx.value("SECURE_HSTS_SECONDS")?.map(|v| match v.v {
        V::Int(i) => i as f64,
        V::Float(f) => f,
        _ => f64::MAX,
    });
    let mut problems = Vec::new();
    if let Some(s) = seconds
        && s < 31_536_000.0
    {
        problems.push(format!(
            "SECURE_HSTS_SECONDS is {} (the preload list needs at least 31536000)",
            if s.fract() == 0.0 {
                (s as i64).to_string()
            } else {
                float_repr(s)
            }
        ));
    }
    if !ctx.is_true("SECURE_HSTS_INCLUDE_SUBDOMAINS")? {
        problems.push("SECURE_HSTS_INCLUDE_SUBDOMAINS is not True".into());
    }
    if !problems.is_empty() {
        ctx.report(
            &HSTS_PRELOAD_PREMATURE,
            &["SECURE_HSTS_PRELOAD"],
            format!("HSTS preload is requested but {}: the preload list will reject the site", problems.join(" and ")),
            Some("raise SECURE_HSTS_SECONDS to 31536000 with subdomains included before asking for preload".into()),
        );
    }
    Ok(())
}
