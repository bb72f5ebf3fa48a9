//! DJS141: old secret keys kept in the repository.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks `SECRET_KEY_FALLBACKS` for entries written as literals in the
    /// settings, however strong (weak entries are also DJS025).
    ///
    /// ## Why is this bad?
    /// Fallback keys still validate signatures: a committed fallback is a
    /// committed secret key, readable by everyone with the repository, for
    /// as long as it stays in the list.
    ///
    /// ## Example
    /// ```python
    /// SECRET_KEY_FALLBACKS = ["3f9c1b...the-previous-production-key"]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECRET_KEY_FALLBACKS = [k for k in os.environ.get("DJANGO_SECRET_KEY_FALLBACKS", "").split(",") if k]
    /// ```
    ///
    /// ## References
    /// - [Django: SECRET_KEY_FALLBACKS](https://docs.djangoproject.com/en/stable/ref/settings/#secret-key-fallbacks)
    pub(crate) static SECRET_KEY_FALLBACKS_COMMITTED = {
        code: "DJS141",
        name: "secret-key-fallbacks-committed",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.is_set("SECRET_KEY_FALLBACKS") {
        return Ok(());
    }
    let Some(value) = ctx.value("SECRET_KEY_FALLBACKS")? else {
        return Ok(());
    };
    for (i, item) in value.elements().unwrap_or_default().iter().enumerate() {
        let V::Str(key) = &item.v else { continue };
        if key.is_empty() || !item.all_deps().is_empty() {
            continue;
        }
        ctx.report_keyed(
            &SECRET_KEY_FALLBACKS_COMMITTED,
            &["SECRET_KEY_FALLBACKS"],
            format!("`SECRET_KEY_FALLBACKS[{i}]` is a literal in the settings ({}): a valid signing key is in the repository", golive_source::mask_secret(key)),
            Some("read fallbacks from the environment, and drop them once rotation is over".into()),
            Some(format!("SECRET_KEY_FALLBACKS[{i}]")),
        );
    }
    Ok(())
}
