//! DJS103: the `[""]` that `.split(",")` of an unset variable yields.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `ALLOWED_HOSTS` is not made only of empty strings — what
    /// `os.environ.get("ALLOWED_HOSTS", "").split(",")` yields when the
    /// variable is missing.
    ///
    /// ## Why is this bad?
    /// The list is not empty, so Django's `check --deploy` (security.W020)
    /// is satisfied, yet no host matches `""`: every request is rejected with
    /// 400 Bad Request the day the variable is not set.
    ///
    /// ## Example
    /// ```python
    /// ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// ALLOWED_HOSTS = [h for h in os.environ["ALLOWED_HOSTS"].split(",") if h]
    /// ```
    ///
    /// ## References
    /// - [Django: ALLOWED_HOSTS](https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts)
    pub(crate) static ALLOWED_HOSTS_BLANK = {
        code: "DJS103",
        name: "allowed-hosts-blank",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(hosts) = ctx.known("ALLOWED_HOSTS")? else {
        return Ok(());
    };
    let items = hosts.elements().unwrap_or_default();
    if !items.is_empty()
        && items
            .iter()
            .all(|h| h.as_str().is_some_and(|s| s.trim().is_empty()))
    {
        ctx.report(
            &ALLOWED_HOSTS_BLANK,
            &["ALLOWED_HOSTS"],
            format!("`ALLOWED_HOSTS` is {}: no host matches, so every request is rejected with 400 (Django's own check does not see this)", hosts.repr()),
            Some("require the variable (os.environ[\"ALLOWED_HOSTS\"]) and drop empty entries".into()),
        );
    }
    Ok(())
}
