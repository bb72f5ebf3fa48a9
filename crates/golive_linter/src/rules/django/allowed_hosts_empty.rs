//! DJS020: Django's `security.W020`.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `ALLOWED_HOSTS` is not empty. The finding is information,
    /// not a warning: the site refuses every request until production sets
    /// it, which nobody misses — it exposes nothing.
    ///
    /// ## Why is this bad?
    /// With `DEBUG` off and an empty `ALLOWED_HOSTS`, Django answers every
    /// request with `400 Bad Request`. (With `DEBUG` on it accepts only
    /// localhost names — which is why it "works" in development.)
    ///
    /// ## Example
    /// ```python
    /// ALLOWED_HOSTS = []
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// ALLOWED_HOSTS = ["shop.example.com"]
    /// ```
    ///
    /// ## References
    /// - [Django: ALLOWED_HOSTS](https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts)
    pub(crate) static ALLOWED_HOSTS_EMPTY = {
        code: "DJS020",
        name: "allowed-hosts-empty",
        severity: Info,
        django_id: Some("security.W020"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.truthy("ALLOWED_HOSTS")? {
        ctx.report_fails_closed(
            &ALLOWED_HOSTS_EMPTY,
            &["ALLOWED_HOSTS"],
            format!("`ALLOWED_HOSTS` is {}: with DEBUG off every request is rejected with 400", ctx.describe("ALLOWED_HOSTS")),
            Some("list the host names the site is served under, e.g. ALLOWED_HOSTS = [\"shop.example.com\"]".into()),
        );
    }
    Ok(())
}
