//! DJS149: PostgreSQL/MySQL connections without a statement timeout.

use crate::context::{Checked, DatabaseFamily, SettingsContext, database_family};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks each PostgreSQL and MySQL/MariaDB entry of `DATABASES` for a
    /// server-side statement timeout set through `OPTIONS`:
    /// `statement_timeout` in PostgreSQL's `options`, `max_execution_time`
    /// (MySQL) or `max_statement_time` (MariaDB) in MySQL's `init_command`.
    ///
    /// ## Why is this bad?
    /// Without a timeout a single slow query — a missing index, an admin
    /// search over a large table, a crafted filter — runs until it
    /// finishes, holding its worker (gunicorn kills the worker after its
    /// own timeout, but the query keeps running on the server) and its
    /// locks. A few of them exhaust the connection pool and take the site
    /// down.
    ///
    /// This is informational: the timeout can also be set on the database
    /// role (`ALTER ROLE app SET statement_timeout = '30s'`), which golive
    /// cannot see.
    ///
    /// ## Example
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// DATABASES = {
    ///     "default": {
    ///         "ENGINE": "django.db.backends.postgresql",
    ///         "NAME": "shop",
    ///         "OPTIONS": {"options": "-c statement_timeout=30s"},
    ///     }
    /// }
    /// ```
    ///
    /// ## References
    /// - [PostgreSQL: statement_timeout](https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-STATEMENT-TIMEOUT)
    /// - [MySQL: max_execution_time](https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_max_execution_time)
    pub(crate) static DATABASE_STATEMENT_TIMEOUT = {
        code: "DJS149",
        name: "database-statement-timeout",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    for (alias, cfg) in ctx.databases()? {
        let (option, needles, fix): (&str, &[&str], &str) = match database_family(&cfg) {
            Some(DatabaseFamily::Postgres) => (
                "options",
                &["statement_timeout"],
                "OPTIONS = {\"options\": \"-c statement_timeout=30s\"}",
            ),
            Some(DatabaseFamily::Mysql) => (
                "init_command",
                &["max_execution_time", "max_statement_time"],
                "OPTIONS = {\"init_command\": \"SET SESSION max_execution_time=30000\"} (MariaDB: max_statement_time=30)",
            ),
            None => continue,
        };
        let value = match cfg.get_str("OPTIONS").map(|o| &o.v) {
            None => None,
            Some(V::Dict(options)) => options.borrow().get_str(option).cloned(),
            // OPTIONS built in a way golive cannot follow: do not guess.
            Some(_) => continue,
        };
        let has_timeout = match value {
            None => false,
            Some(v) => match v.as_str() {
                Some(text) => needles.iter().any(|n| text.contains(n)),
                None => continue,
            },
        };
        if !has_timeout {
            ctx.report_at(
                &DATABASE_STATEMENT_TIMEOUT,
                ctx.span("DATABASES"),
                format!("database '{alias}' sets no statement timeout: one runaway query holds a worker, a connection and its locks until it ends"),
                Some(format!("set {fix}, or set it on the database role")),
                Some(alias),
            );
        }
    }
    Ok(())
}
