//! DJS104: template debug mode in production.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::{V, Value};

declare_rule! {
    /// ## What it does
    /// Checks that no `TEMPLATES` backend sets `OPTIONS["debug"]` to a true
    /// value.
    ///
    /// ## Why is this bad?
    /// Template debug mode is independent of `DEBUG`: it keeps template
    /// origins and source in memory and, combined with error reporting,
    /// exposes template source and context in tracebacks. It is meant for
    /// development only.
    ///
    /// ## Example
    /// ```python
    /// TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {"debug": True}}]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {}}]
    /// ```
    ///
    /// ## References
    /// - [Django: DjangoTemplates options](https://docs.djangoproject.com/en/stable/topics/templates/#django.template.backends.django.DjangoTemplates)
    pub(crate) static TEMPLATE_DEBUG_ENABLED = {
        code: "DJS104",
        name: "template-debug-enabled",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(templates) = ctx.value("TEMPLATES")? else {
        return Ok(());
    };
    for (i, t) in templates.elements().unwrap_or_default().iter().enumerate() {
        let V::Dict(d) = &t.v else { continue };
        let Some(options) = d.borrow().get_str("OPTIONS").cloned() else {
            continue;
        };
        let V::Dict(o) = &options.v else { continue };
        let debug = o.borrow().get_str("debug").cloned();
        if debug.as_ref().and_then(Value::truthy) == Some(true) {
            ctx.report_keyed(
                &TEMPLATE_DEBUG_ENABLED,
                &["TEMPLATES"],
                format!(
                    "`TEMPLATES[{i}]` sets OPTIONS['debug'] = {}: template debug mode is on",
                    debug.map(|v| v.repr()).unwrap_or_default()
                ),
                Some("remove the 'debug' option (it defaults to DEBUG)".into()),
                Some(format!("TEMPLATES[{i}]")),
            );
        }
    }
    Ok(())
}
