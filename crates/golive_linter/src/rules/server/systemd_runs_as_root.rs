//! SRV006: a systemd service that runs as root.

use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::ini;

declare_rule! {
    /// ## What it does
    /// Reports a systemd service unit of the project whose `[Service]`
    /// section has no `User=` (or `User=root`) and no `DynamicUser=yes`.
    ///
    /// ## Why is this bad?
    /// systemd runs services as root unless told otherwise. A remote code
    /// execution bug in the application — an unsafe deserialisation, a
    /// template injection — then owns the whole machine instead of one
    /// unprivileged account that can only read the project.
    ///
    /// ## Example
    /// ```ini
    /// [Service]
    /// ExecStart=/srv/shop/venv/bin/gunicorn shop.wsgi
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [Service]
    /// User=shop
    /// Group=shop
    /// ExecStart=/srv/shop/venv/bin/gunicorn shop.wsgi
    /// ```
    ///
    /// ## References
    /// - [systemd.exec: User=, DynamicUser=](https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#User=)
    pub(crate) static SYSTEMD_RUNS_AS_ROOT = {
        code: "SRV006",
        name: "systemd-runs-as-root",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for unit in ctx.deployment.systemd.iter().filter(|u| !u.dev) {
        let service: Vec<_> = ini::section(&unit.facts, "Service").collect();
        let Some(exec) = service.iter().find(|e| e.key == "ExecStart") else {
            continue;
        };
        let user = service.iter().rev().find(|e| e.key == "User");
        let dynamic = service.iter().any(|e| {
            e.key == "DynamicUser"
                && matches!(
                    e.value.to_ascii_lowercase().as_str(),
                    "yes" | "true" | "1" | "on"
                )
        });
        if dynamic {
            continue;
        }
        let (span, message) = match user {
            Some(u) if u.value == "root" || u.value == "0" => (
                u.range,
                "the service runs as root (`User=root`)".to_string(),
            ),
            Some(_) => continue,
            None => (
                exec.range,
                "the service has no `User=`: systemd runs it as root".to_string(),
            ),
        };
        ctx.report(
            &SYSTEMD_RUNS_AS_ROOT,
            golive_source::Span::new(unit.file, span),
            message,
            Some(
                "add `User=` and `Group=` for an unprivileged account (or `DynamicUser=yes`)"
                    .into(),
            ),
            Vec::new(),
        );
    }
}
