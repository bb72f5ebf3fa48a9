//! DJS125: a remote database reached without TLS.

use crate::context::{Checked, DatabaseFamily, SettingsContext, database_family, is_loopback_host};
use crate::rule::declare_rule;
use golive_python::{V, Value};

declare_rule! {
    /// ## What it does
    /// Checks PostgreSQL and MySQL connections to a remote host for TLS:
    /// `OPTIONS["sslmode"]` set to `require`, `verify-ca` or `verify-full`
    /// for PostgreSQL, an `OPTIONS["ssl"]` for MySQL. Hosts on this
    /// machine or its private network are not judged: localhost, a Unix
    /// socket, a private address (`10.0.0.5`), or a single-label name
    /// (`db`, `postgres`) — a service of the same compose project or
    /// cluster, reached over the container network.
    ///
    /// ## Why is this bad?
    /// Without it the PostgreSQL client only *prefers* TLS and MySQL may not
    /// use it at all: passwords and every query travel in clear text through
    /// whatever network lies between the app and the database, and an
    /// attacker there can downgrade the connection.
    ///
    /// ## Example
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.internal"}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.internal",
    ///                          "OPTIONS": {"sslmode": "verify-full"}}}
    /// ```
    ///
    /// ## References
    /// - [PostgreSQL: SSL support](https://www.postgresql.org/docs/current/libpq-ssl.html)
    /// - [Django: PostgreSQL notes](https://docs.djangoproject.com/en/stable/ref/databases/#postgresql-notes)
    pub(crate) static DATABASE_TLS_DISABLED = {
        code: "DJS125",
        name: "database-tls-disabled",
        severity: Warning,
        django_id: None,
    };
}

/// This machine or its private network: no host (the default socket), a
/// socket path, loopback, a private address, or a single-label name — a
/// service of the same compose project or cluster (`db`, `postgres`),
/// reached over the container network.
fn is_local(host: &str) -> bool {
    host.is_empty()
        || host.starts_with('/')
        || is_loopback_host(host)
        || is_private_network_host(host)
}

fn is_private_network_host(host: &str) -> bool {
    if let Ok(ip) = host.parse::<std::net::Ipv4Addr>() {
        return ip.is_private() || ip.is_link_local();
    }
    !host.contains('.') && !host.contains(':')
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    for (alias, cfg) in ctx.databases()? {
        let Some(family) = database_family(&cfg) else {
            continue;
        };
        let postgres = family == DatabaseFamily::Postgres;
        let Some(host) = cfg.get_str("HOST").and_then(Value::as_str) else {
            continue;
        };
        if is_local(host) {
            continue;
        }
        let options = cfg.get_str("OPTIONS").cloned();
        let option = |key: &str| {
            options.as_ref().and_then(|o| {
                if let V::Dict(d) = &o.v {
                    d.borrow().get_str(key).cloned()
                } else {
                    None
                }
            })
        };
        let secure = if postgres {
            let mode = option("sslmode");
            if mode.as_ref().is_some_and(Value::is_unknown) {
                continue;
            }
            mode.as_ref()
                .and_then(Value::as_str)
                .is_some_and(|m| matches!(m, "require" | "verify-ca" | "verify-full"))
        } else {
            option("ssl").is_some_and(|v| v.truthy() != Some(false))
                || option("ssl_mode")
                    .and_then(|v| v.as_str().map(str::to_string))
                    .is_some_and(|m| {
                        m.eq_ignore_ascii_case("REQUIRED")
                            || m.to_ascii_uppercase().starts_with("VERIFY")
                    })
        };
        if !secure {
            ctx.report_at(
                &DATABASE_TLS_DISABLED,
                ctx.span("DATABASES"),
                format!("database '{alias}' connects to {host} without requiring TLS"),
                Some(if postgres {
                    "set OPTIONS = {\"sslmode\": \"verify-full\"} (or \"require\")".into()
                } else {
                    "set OPTIONS = {\"ssl\": {\"ca\": \"/path/to/ca.pem\"}}".into()
                }),
                Some(alias),
            );
        }
    }
    Ok(())
}
