//! DJS126: SQLite as the production database.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::{V, Value};

declare_rule! {
    /// ## What it does
    /// Reports a `default` database that uses SQLite.
    ///
    /// ## Why is this bad?
    /// SQLite works for a single process on a single machine. Several
    /// workers block each other on writes ("database is locked"), the file
    /// lives on one server's disk — lost with a container, not shared
    /// between replicas — and backups need care. It can be the right choice
    /// for a small internal site; this is information, not a verdict.
    ///
    /// ## Example
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "HOST": "db.internal"}}
    /// ```
    ///
    /// ## References
    /// - [Django: SQLite notes](https://docs.djangoproject.com/en/stable/ref/databases/#sqlite-notes)
    pub(crate) static SQLITE_IN_PRODUCTION = {
        code: "DJS126",
        name: "sqlite-in-production",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(dbs) = ctx.value("DATABASES")? else {
        return Ok(());
    };
    let V::Dict(dbs) = &dbs.v else { return Ok(()) };
    let default = dbs.borrow().get_str("default").cloned();
    let Some(Value {
        v: V::Dict(cfg), ..
    }) = default
    else {
        return Ok(());
    };
    if cfg
        .borrow()
        .get_str("ENGINE")
        .and_then(Value::as_str)
        .is_some_and(|e| e.contains("sqlite3") || e.contains("spatialite"))
    {
        ctx.report_at(
            &SQLITE_IN_PRODUCTION,
            ctx.span("DATABASES"),
            "the default database is SQLite: one writer at a time, on one machine's disk".into(),
            Some("use PostgreSQL or MySQL for a site with several workers or servers".into()),
            None,
        );
    }
    Ok(())
}
