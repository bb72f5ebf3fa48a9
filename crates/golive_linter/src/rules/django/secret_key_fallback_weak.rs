//! DJS025: Django's `security.W025`.

use super::secret_key_weak::key_problem;
use crate::context::{Blocked, Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks every entry of `SECRET_KEY_FALLBACKS` with the same rule as
    /// `SECRET_KEY` (DJS009), reporting each weak entry by its index.
    ///
    /// ## Why is this bad?
    /// Fallback keys still verify signatures: a weak or published fallback
    /// is as good as a weak `SECRET_KEY` to an attacker. Fallbacks exist to
    /// rotate a key without logging everyone out; remove old keys once the
    /// rotation period is over.
    ///
    /// ## Example
    /// ```python
    /// SECRET_KEY_FALLBACKS = ["django-insecure-old-dev-key..."]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
    /// ```
    ///
    /// ## References
    /// - [Django: SECRET_KEY_FALLBACKS](https://docs.djangoproject.com/en/stable/ref/settings/#secret-key-fallbacks)
    pub(crate) static SECRET_KEY_FALLBACK_WEAK = {
        code: "DJS025",
        name: "secret-key-fallback-weak",
        severity: Warning,
        django_id: Some("security.W025"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(value) = ctx.value("SECRET_KEY_FALLBACKS")? else {
        ctx.report(
            &SECRET_KEY_FALLBACK_WEAK,
            &["SECRET_KEY_FALLBACKS"],
            "`SECRET_KEY_FALLBACKS` is not defined".into(),
            None,
        );
        return Ok(());
    };
    let Some(items) = value.elements() else {
        return Ok(());
    };
    // Each entry is judged on its own: an unknown entry (read from the
    // environment) does not hide a weak literal next to it.
    let mut blocked = None;
    for (i, item) in items.iter().enumerate() {
        if let Some(r) = item.first_unknown() {
            blocked.get_or_insert(Blocked {
                setting: format!("SECRET_KEY_FALLBACKS[{i}]"),
                reason: r.to_string(),
            });
            continue;
        }
        if let Some(problem) = key_problem(item) {
            ctx.report_keyed(
                &SECRET_KEY_FALLBACK_WEAK,
                &["SECRET_KEY_FALLBACKS"],
                format!("`SECRET_KEY_FALLBACKS[{i}]` {problem}"),
                Some("remove fallback keys once rotation is over; every fallback must be as strong as SECRET_KEY".into()),
                Some(format!("SECRET_KEY_FALLBACKS[{i}]")),
            );
        }
    }
    blocked.map_or(Ok(()), Err)
}
