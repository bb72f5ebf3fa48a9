//! DJS009: Django's `security.W009`, and the key rule DJS025 shares.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::{V, Value};

declare_rule! {
    /// ## What it does
    /// Checks `SECRET_KEY` the way Django's check does: at least 50
    /// characters, at least 5 distinct characters, and no `django-insecure-`
    /// prefix. An empty or missing key fails too, as information rather
    /// than a warning: Django refuses to sign anything without a key, so the
    /// site stops until production supplies one — nothing is exposed.
    ///
    /// ## Why is this bad?
    /// The secret key signs sessions, password-reset links, messages and
    /// anything else passed through `django.core.signing`. A short, repetitive
    /// or published key (every `startproject` key starts with
    /// `django-insecure-`) lets an attacker forge those signatures — log in as
    /// any user, or worse with some session serializers.
    ///
    /// golive also looks at what the key becomes when its environment
    /// variable is missing: `os.environ.get("SECRET_KEY", "dev-key")` passes
    /// wherever the variable is set and fails silently wherever it is not.
    ///
    /// ## Example
    /// ```python
    /// SECRET_KEY = "django-insecure-0w$2^f..."
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # fails loudly when unset
    /// ```
    ///
    /// ## References
    /// - [Django: SECRET_KEY](https://docs.djangoproject.com/en/stable/ref/settings/#secret-key)
    /// - `python -c "from django.core.management.utils import get_random_secret_key as g; print(g())"`
    pub(crate) static SECRET_KEY_WEAK = {
        code: "DJS009",
        name: "secret-key-weak",
        severity: Warning,
        django_id: Some("security.W009"),
    };
}

pub(crate) const INSECURE_PREFIX: &str = "django-insecure-";

/// Why a key fails Django's rule, or `None` if it passes.
pub(crate) fn key_problem(value: &Value) -> Option<String> {
    match &value.v {
        V::Str(s) => {
            let len = s.chars().count();
            let mut distinct: Vec<char> = s.chars().collect();
            distinct.sort_unstable();
            distinct.dedup();
            if s.is_empty() {
                Some("is empty".into())
            } else if s.starts_with(INSECURE_PREFIX) {
                Some("starts with `django-insecure-`: it is the key `startproject` generated, which was never meant for production".into())
            } else if len < 50 {
                Some(format!("has {len} characters; Django requires at least 50"))
            } else if distinct.len() < 5 {
                Some(format!(
                    "has only {} distinct characters; Django requires at least 5",
                    distinct.len()
                ))
            } else {
                None
            }
        }
        V::None => Some("is None".into()),
        V::Bytes(b) if b.len() < 50 => Some(format!(
            "is {} bytes long; Django requires at least 50 characters",
            b.len()
        )),
        _ if value.truthy() == Some(false) => Some(format!("is {}", value.repr())),
        _ => None,
    }
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let value = ctx.value("SECRET_KEY")?;
    let problem = match value {
        None => Some("is not set".to_string()),
        Some(_) if !ctx.is_set("SECRET_KEY") => {
            Some("is not set (Django's default is an empty string)".to_string())
        }
        Some(v) => key_problem(v),
    };
    if let Some(problem) = problem {
        let shown = match value {
            Some(v) if matches!(v.v, V::Str(_)) && !v.as_str().unwrap_or_default().is_empty() => {
                format!(
                    " ({})",
                    golive_source::mask_secret(v.as_str().unwrap_or_default())
                )
            }
            _ => String::new(),
        };
        let message = format!("`SECRET_KEY`{shown} {problem}");
        let help = Some("generate a key of 50+ random characters (django.core.management.utils.get_random_secret_key) and read it from the environment or a secrets manager".into());
        // Without a key Django refuses to sign anything: the site stops.
        let empty = value.is_none_or(|v| !ctx.is_set("SECRET_KEY") || v.as_str() == Some(""));
        if empty {
            ctx.report_fails_closed(&SECRET_KEY_WEAK, &["SECRET_KEY"], message, help);
        } else {
            ctx.report(&SECRET_KEY_WEAK, &["SECRET_KEY"], message, help);
        }
    }
    Ok(())
}
