//! DJS137, DJS138, DJS139: how database connections are kept.

use crate::context::{Checked, DatabaseFamily, SettingsContext, database_family};
use crate::rule::declare_rule;
use golive_python::{V, Value};

declare_rule! {
    /// ## What it does
    /// Reports a PostgreSQL or MySQL `default` database whose `CONN_MAX_AGE`
    /// is 0 (Django's default) and that uses no connection pool (Django 5.1+
    /// `OPTIONS["pool"]` for PostgreSQL).
    ///
    /// ## Why is this bad?
    /// Every request opens and closes a database connection: a TCP and TLS
    /// handshake plus authentication per request, which dominates the
    /// latency of fast views and can exhaust the server's connections under
    /// load. Information: behind PgBouncer in transaction mode, 0 is right.
    ///
    /// ## Example
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop",
    ///                          "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}}
    /// ```
    ///
    /// ## References
    /// - [Django: Persistent connections](https://docs.djangoproject.com/en/stable/ref/databases/#persistent-connections)
    pub(crate) static DATABASE_CONNECTIONS_NOT_REUSED = {
        code: "DJS137",
        name: "database-connections-not-reused",
        severity: Info,
        django_id: None,
    };
}

declare_rule! {
    /// ## What it does
    /// Reports persistent database connections (`CONN_MAX_AGE` above 0 or
    /// `None`) without `CONN_HEALTH_CHECKS = True`.
    ///
    /// ## Why is this bad?
    /// A connection the database or a proxy closed while idle is reused
    /// anyway: the first query of the next request fails with an error page.
    /// Health checks (Django 4.1+) test the connection before reusing it.
    ///
    /// ## Example
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": None}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}}
    /// ```
    ///
    /// ## References
    /// - [Django: CONN_HEALTH_CHECKS](https://docs.djangoproject.com/en/stable/ref/settings/#conn-health-checks)
    pub(crate) static DATABASE_HEALTH_CHECKS_MISSING = {
        code: "DJS138",
        name: "database-health-checks-missing",
        severity: Info,
        django_id: None,
    };
}

declare_rule! {
    /// ## What it does
    /// Checks that a PostgreSQL database using Django's connection pool
    /// (`OPTIONS["pool"]`, Django 5.1+) keeps `CONN_MAX_AGE` at 0.
    ///
    /// ## Why is this bad?
    /// Django refuses the combination: the first connection attempt raises
    /// `ImproperlyConfigured` ("Pooling doesn't support persistent
    /// connections") — at run time, after the deploy. Deployment guides that
    /// recommend `CONN_MAX_AGE = None` "for pooling" lead straight to it.
    ///
    /// ## Example
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": 600, "OPTIONS": {"pool": True}}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"pool": True}}}
    /// ```
    ///
    /// ## References
    /// - [Django: Connection pool](https://docs.djangoproject.com/en/stable/ref/databases/#connection-pool)
    pub(crate) static DATABASE_POOL_WITH_PERSISTENT_CONNECTIONS = {
        code: "DJS139",
        name: "database-pool-with-persistent-connections",
        severity: Error,
        django_id: None,
        since_django: (5, 1),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    for (alias, cfg) in ctx.databases()? {
        let Some(family) = database_family(&cfg) else {
            continue;
        };
        let postgres = family == DatabaseFamily::Postgres;
        let age = cfg.get_str("CONN_MAX_AGE").cloned();
        if age.as_ref().is_some_and(Value::is_unknown) {
            continue;
        }
        // Django's default is 0; None means "forever".
        let persistent = match age.as_ref().map(|a| &a.v) {
            None => false,
            Some(V::None) => true,
            Some(_) => age.as_ref().and_then(Value::truthy) == Some(true),
        };
        let pool = cfg.get_str("OPTIONS").and_then(|o| {
            if let V::Dict(o) = &o.v {
                o.borrow().get_str("pool").cloned()
            } else {
                None
            }
        });
        let pooled = pool.as_ref().is_some_and(|p| p.truthy() != Some(false));
        let span = ctx.span("DATABASES");
        if postgres && pooled && persistent && ctx.at_least(5, 1) {
            ctx.report_at(
                &DATABASE_POOL_WITH_PERSISTENT_CONNECTIONS,
                span,
                format!(
                    "database '{alias}' uses Django's connection pool with CONN_MAX_AGE = {}: the first connection raises ImproperlyConfigured",
                    age.map(|a| a.repr()).unwrap_or_default()
                ),
                Some("remove CONN_MAX_AGE (the pool reuses connections itself)".into()),
                Some(alias.clone()),
            );
        } else if !persistent && !pooled && alias == "default" {
            ctx.report_at(
                &DATABASE_CONNECTIONS_NOT_REUSED,
                span,
                format!("database '{alias}' opens a new connection for every request (CONN_MAX_AGE is 0 and no pool is configured)"),
                Some("set CONN_MAX_AGE (e.g. 60) with CONN_HEALTH_CHECKS, use OPTIONS[\"pool\"] on Django 5.1+, or a pooler such as PgBouncer".into()),
                Some(alias.clone()),
            );
        } else if persistent
            && !pooled
            && cfg.get_str("CONN_HEALTH_CHECKS").and_then(Value::truthy) != Some(true)
        {
            ctx.report_at(
                &DATABASE_HEALTH_CHECKS_MISSING,
                span,
                format!("database '{alias}' keeps connections open without CONN_HEALTH_CHECKS: a connection closed while idle fails the next request"),
                Some("set CONN_HEALTH_CHECKS = True".into()),
                Some(alias.clone()),
            );
        }
    }
    Ok(())
}
