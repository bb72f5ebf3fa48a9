//! SRV007: a systemd service that stays down after a crash.

use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::ini;

declare_rule! {
    /// ## What it does
    /// Reports a systemd service unit of the project without `Restart=`, or
    /// with `Restart=no`.
    ///
    /// ## Why is this bad?
    /// systemd does not restart a service by default. When gunicorn's
    /// master dies — out of memory, a bad deploy, a segfault in a C
    /// extension — the site stays down until someone notices.
    ///
    /// ## Example
    /// ```ini
    /// [Service]
    /// User=shop
    /// ExecStart=/srv/shop/venv/bin/gunicorn shop.wsgi
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [Service]
    /// User=shop
    /// ExecStart=/srv/shop/venv/bin/gunicorn shop.wsgi
    /// Restart=on-failure
    /// RestartSec=5
    /// ```
    ///
    /// ## References
    /// - [systemd.service: Restart=](https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#Restart=)
    pub(crate) static SYSTEMD_NO_RESTART = {
        code: "SRV007",
        name: "systemd-no-restart",
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
        // A oneshot job (a backup, a migration) is not restarted.
        if service
            .iter()
            .any(|e| e.key == "Type" && e.value == "oneshot")
        {
            continue;
        }
        let (span, message) = match service.iter().rev().find(|e| e.key == "Restart") {
            Some(r) if r.value == "no" => (
                r.range,
                "`Restart=no`: the service stays down after a crash",
            ),
            Some(_) => continue,
            None => (
                exec.range,
                "the service has no `Restart=`: systemd does not restart it after a crash",
            ),
        };
        ctx.report(
            &SYSTEMD_NO_RESTART,
            golive_source::Span::new(unit.file, span),
            message.into(),
            Some("add `Restart=on-failure` (or `always`) to [Service]".into()),
            Vec::new(),
        );
    }
}
