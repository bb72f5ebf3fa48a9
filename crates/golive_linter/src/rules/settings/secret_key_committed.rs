//! DJS101: a secret key that lives in the repository.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks that `SECRET_KEY` is not a string written in the settings —
    /// whatever its strength — and that, when it is read from the
    /// environment, the fallback used when the variable is missing is not a
    /// literal either (`os.environ.get("SECRET_KEY", "dev-key")`).
    ///
    /// ## Why is this bad?
    /// Everyone who can read the repository — every developer, CI system,
    /// backup and fork — holds the key that signs your sessions and
    /// password-reset links, and rotating it means a commit. A literal
    /// fallback is worse: production silently runs on the committed key the
    /// day the variable is not set. Django's `check --deploy` accepts any
    /// long, random-looking literal.
    ///
    /// ## Example
    /// ```python
    /// SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "k3y-f0r-d3v-7hat-is-l0ng-en0ugh-t0-pass-django-ch3cks")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # no fallback: fail loudly
    /// ```
    ///
    /// ## References
    /// - [Django: SECRET_KEY](https://docs.djangoproject.com/en/stable/ref/settings/#secret-key)
    /// - [Django deployment checklist](https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#secret-key)
    pub(crate) static SECRET_KEY_COMMITTED = {
        code: "DJS101",
        name: "secret-key-committed",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.is_set("SECRET_KEY") {
        return Ok(());
    }
    let Some(value) = ctx.value("SECRET_KEY")? else {
        return Ok(());
    };
    let V::Str(key) = &value.v else { return Ok(()) };
    if key.is_empty() {
        return Ok(());
    }
    let deps: Vec<String> = value.all_deps().iter().map(str::to_string).collect();
    // A value that depends on variables is committed only where those
    // variables are missing: the framework reports it for that scenario.
    let from_env = deps.iter().any(|d| ctx.scenario.final_env.contains_key(d));
    if from_env {
        return Ok(());
    }
    let message = if deps.is_empty() {
        format!(
            "`SECRET_KEY` is a literal in the settings ({}): the key is in the repository",
            golive_source::mask_secret(key)
        )
    } else {
        format!(
            "`SECRET_KEY` falls back to a literal in the settings ({})",
            golive_source::mask_secret(key)
        )
    };
    ctx.report(
        &SECRET_KEY_COMMITTED,
        &["SECRET_KEY"],
        message,
        Some("read the key from the environment or a secrets manager without a fallback, and rotate the committed one".into()),
    );
    Ok(())
}
