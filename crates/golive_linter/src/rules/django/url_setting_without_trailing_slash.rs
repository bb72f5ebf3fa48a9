//! DJS037: Django's `urls.E006`.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks that `STATIC_URL` and `MEDIA_URL`, when set, end with a slash.
    ///
    /// ## Why is this bad?
    /// Django refuses them (an error): URLs built from them would run the
    /// prefix and the file name together (`/staticapp.css`).
    ///
    /// ## Example
    /// ```python
    /// STATIC_URL = "/static"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// STATIC_URL = "/static/"
    /// ```
    ///
    /// ## References
    /// - [Django: STATIC_URL](https://docs.djangoproject.com/en/stable/ref/settings/#static-url)
    pub(crate) static URL_SETTING_WITHOUT_TRAILING_SLASH = {
        code: "DJS037",
        name: "url-setting-without-trailing-slash",
        severity: Error,
        django_id: Some("urls.E006"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    for name in ["STATIC_URL", "MEDIA_URL"] {
        if !ctx.truthy(name)? {
            continue;
        }
        if let Some(value) = ctx.value(name)?
            && let V::Str(s) = &value.v
            && !s.ends_with('/')
        {
            ctx.report_keyed(
                &URL_SETTING_WITHOUT_TRAILING_SLASH,
                &[name],
                format!("`{name}` is {} and must end with a slash", value.repr()),
                Some(format!(
                    "write {name} = {}",
                    golive_python::str_repr(&format!("{s}/"))
                )),
                Some(name.to_string()),
            );
        }
    }
    Ok(())
}
