//! SRV008: uwsgi without its master process or a request timeout.

use super::production;
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::command::ServerKind;

declare_rule! {
    /// ## What it does
    /// Reports a production uwsgi (an ini file's `[uwsgi]` section or a
    /// command line) without `master = true` or without `harakiri`.
    ///
    /// ## Why is this bad?
    /// Without the master process, uwsgi does not respawn dead workers,
    /// reload gracefully or enforce timeouts. Without `harakiri`, a request
    /// that hangs holds its worker forever. uwsgi's own "Things to know"
    /// page asks for both.
    ///
    /// ## Example
    /// ```ini
    /// [uwsgi]
    /// module = shop.wsgi
    /// socket = /run/uwsgi/shop.sock
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [uwsgi]
    /// module = shop.wsgi
    /// socket = /run/uwsgi/shop.sock
    /// master = true
    /// harakiri = 30
    /// ```
    ///
    /// ## References
    /// - [uWSGI: Things to know](https://uwsgi-docs.readthedocs.io/en/latest/ThingsToKnow.html)
    /// - [Django: How to use Django with uWSGI](https://docs.djangoproject.com/en/stable/howto/deployment/wsgi/uwsgi/)
    pub(crate) static UWSGI_WITHOUT_SAFEGUARDS = {
        code: "SRV008",
        name: "uwsgi-without-safeguards",
        severity: Warning,
        django_id: None,
        layer: AppServer,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for p in
        production(&ctx.deployment.processes).filter(|p| p.server.kind == Some(ServerKind::Uwsgi))
    {
        let mut missing = Vec::new();
        if !p.server.master {
            missing.push("`master = true`".to_string());
        }
        match &p.server.harakiri {
            None => missing.push("`harakiri`".to_string()),
            // uwsgi reads the number with atoi(): `off` and `00` are 0 too.
            Some(h) if h.value == Some(0) => {
                missing.push(format!("`harakiri` (`{}` is 0: no timeout)", h.text))
            }
            Some(_) => {}
        }
        if missing.is_empty() {
            continue;
        }
        ctx.report(
            &UWSGI_WITHOUT_SAFEGUARDS,
            p.span,
            format!("uwsgi runs without {}", missing.join(" and ")),
            Some("add `master = true` and `harakiri = 30` (seconds) to the [uwsgi] section".into()),
            Vec::new(),
        );
    }
}
