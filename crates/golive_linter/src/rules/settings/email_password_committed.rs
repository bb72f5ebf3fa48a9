//! DJS121: the SMTP password in the repository.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks that `EMAIL_HOST_PASSWORD` is not a literal in the settings,
    /// nor the literal fallback of an environment variable.
    ///
    /// ## Why is this bad?
    /// Anyone with the repository can send mail as your domain — phishing
    /// that passes SPF and DKIM — and rotating the password means a commit.
    ///
    /// ## Example
    /// ```python
    /// EMAIL_HOST_PASSWORD = "SG.live-api-key"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]
    /// ```
    ///
    /// ## References
    /// - [Django: EMAIL_HOST_PASSWORD](https://docs.djangoproject.com/en/stable/ref/settings/#email-host-password)
    pub(crate) static EMAIL_PASSWORD_COMMITTED = {
        code: "DJS121",
        name: "email-password-committed",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.is_set("EMAIL_HOST_PASSWORD") {
        return Ok(());
    }
    let Some(value) = ctx.value("EMAIL_HOST_PASSWORD")? else {
        return Ok(());
    };
    let V::Str(pw) = &value.v else { return Ok(()) };
    if pw.is_empty() {
        return Ok(());
    }
    let deps: Vec<String> = value.all_deps().iter().map(str::to_string).collect();
    if deps.iter().any(|d| ctx.scenario.final_env.contains_key(d)) {
        return Ok(());
    }
    let how = if deps.is_empty() {
        "is a literal in the settings"
    } else {
        "falls back to a literal in the settings"
    };
    ctx.report(
        &EMAIL_PASSWORD_COMMITTED,
        &["EMAIL_HOST_PASSWORD"],
        format!(
            "`EMAIL_HOST_PASSWORD` {how} ({})",
            golive_source::mask_secret(pw)
        ),
        Some(
            "read it from the environment or a secrets manager, and change the committed one"
                .into(),
        ),
    );
    Ok(())
}
