//! DJS018: Django's `security.W018`.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks that `DEBUG` is falsy. golive evaluates `DEBUG` in the scenario
    /// you configure and with every environment variable unset, so
    /// `DEBUG = env.bool("DEBUG", default=True)` is reported even when
    /// production sets `DEBUG=False`: one missing variable turns production
    /// into debug mode.
    ///
    /// ## Why is this bad?
    /// With `DEBUG` on, any error page shows a traceback with local
    /// variables, the settings (partly masked) and the SQL queries to whoever
    /// triggers it; Django also keeps every query in memory. A string such as
    /// `"False"` read from the environment without a cast is truthy: it
    /// turns debug mode **on**.
    ///
    /// ## Example
    /// ```python
    /// DEBUG = os.environ.get("DJANGO_DEBUG", "True")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
    /// ```
    ///
    /// ## References
    /// - [Django: DEBUG](https://docs.djangoproject.com/en/stable/ref/settings/#debug)
    /// - [Django deployment checklist](https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug)
    pub(crate) static DEBUG_ENABLED = {
        code: "DJS018",
        name: "debug-enabled",
        severity: Warning,
        django_id: Some("security.W018"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.truthy("DEBUG")? {
        let value = ctx.value("DEBUG")?;
        let message = match value.map(|v| &v.v) {
            Some(V::Str(s)) => format!(
                "`DEBUG` is the string {}, which is truthy: debug mode is on",
                golive_python::str_repr(s)
            ),
            _ => format!("`DEBUG` is {} in deployment", ctx.describe("DEBUG")),
        };
        ctx.report(
            &DEBUG_ENABLED,
            &["DEBUG"],
            message,
            Some("set DEBUG = False for production; when reading it from the environment, default to False and cast to bool".into()),
        );
    }
    Ok(())
}
