//! REP006: expired database sessions are never deleted.

use super::app_installed;
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a project that stores sessions in the database
    /// (`SESSION_ENGINE` `db`, the default, or `cached_db`, with
    /// `django.contrib.sessions` installed) when nothing in the repository
    /// runs `manage.py clearsessions` — no crontab, systemd timer, compose
    /// or CI file, Procfile or task (Celery beat, django-q) mentions it.
    ///
    /// ## Why is this bad?
    /// Django never deletes expired sessions by itself. The
    /// `django_session` table grows by one row per visitor (bots included)
    /// for ever: slower queries, bigger backups, and personal data kept
    /// longer than needed. Django's documentation asks for a periodic
    /// `clearsessions`.
    ///
    /// ## Example
    /// The default `SESSION_ENGINE` and no scheduled job.
    ///
    /// Use instead, e.g. a daily cron line:
    /// ```text
    /// 17 3 * * * cd /srv/shop && venv/bin/python manage.py clearsessions
    /// ```
    ///
    /// ## References
    /// - [Django: Clearing the session store](https://docs.djangoproject.com/en/stable/topics/http/sessions/#clearing-the-session-store)
    pub(crate) static CLEARSESSIONS_NOT_SCHEDULED = {
        code: "REP006",
        name: "clearsessions-not-scheduled",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    let Some(settings) = ctx.settings else { return };
    let Some(engine) = settings
        .get("SESSION_ENGINE")
        .and_then(|s| s.value.as_str().map(str::to_string))
    else {
        return;
    };
    if !matches!(
        engine.as_str(),
        "django.contrib.sessions.backends.db" | "django.contrib.sessions.backends.cached_db"
    ) || !app_installed(ctx, "django.contrib.sessions")
    {
        return;
    }
    if ctx
        .deployment
        .file_mentioning(&["clearsessions", "clear_expired"])
        .is_some()
    {
        return;
    }
    let span = settings
        .get("SESSION_ENGINE")
        .and_then(|s| s.origin.as_ref())
        .map(|o| o.stmt)
        .or(settings.module_file.map(Span::file_start));
    let Some(span) = span else { return };
    let default = if settings.get("SESSION_ENGINE").is_some_and(|s| s.is_default) {
        " (Django's default)"
    } else {
        ""
    };
    ctx.report(
        &CLEARSESSIONS_NOT_SCHEDULED,
        span,
        format!("sessions are stored in the database{default} and nothing in the repository runs `manage.py clearsessions`: expired sessions pile up"),
        Some("schedule `python manage.py clearsessions` daily (cron, a systemd timer, Celery beat)".into()),
        Vec::new(),
    );
}
