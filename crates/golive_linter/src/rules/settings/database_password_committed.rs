//! DJS108: database credentials in the repository.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks each `DATABASES` entry for a `PASSWORD` that is a literal in
    /// the settings (or a literal fallback of an environment variable), and
    /// for database URLs with a password written into them.
    ///
    /// ## Why is this bad?
    /// Whoever reads the repository can connect to the database, and
    /// rotating the password means a deploy. Empty passwords (peer or
    /// certificate authentication) are not reported.
    ///
    /// ## Example
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": "password123"}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": os.environ["DB_PASSWORD"]}}
    /// ```
    ///
    /// ## References
    /// - [Django: DATABASES](https://docs.djangoproject.com/en/stable/ref/settings/#databases)
    pub(crate) static DATABASE_PASSWORD_COMMITTED = {
        code: "DJS108",
        name: "database-password-committed",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    for (alias, cfg) in ctx.databases()? {
        let Some(password) = cfg.get_str("PASSWORD") else {
            continue;
        };
        let V::Str(pw) = &password.v else { continue };
        if pw.is_empty() {
            continue;
        }
        // Read from a variable that is set: not committed.
        let deps: Vec<String> = password.all_deps().iter().map(str::to_string).collect();
        if deps.iter().any(|d| ctx.scenario.final_env.contains_key(d)) {
            continue;
        }
        let how = if deps.is_empty() {
            "is a literal in the settings"
        } else {
            "falls back to a literal in the settings"
        };
        ctx.report_keyed(
            &DATABASE_PASSWORD_COMMITTED,
            &["DATABASES"],
            format!(
                "the password of database '{alias}' {how} ({})",
                golive_source::mask_secret(pw)
            ),
            Some(
                "read it from the environment or a secrets manager, and change the committed one"
                    .into(),
            ),
            Some(alias),
        );
    }
    Ok(())
}
