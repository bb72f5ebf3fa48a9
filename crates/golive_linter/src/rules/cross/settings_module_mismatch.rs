//! XDP005: a process runs another settings module than the one audited.

use crate::infra::InfraContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a production process (Dockerfile, compose service, Procfile,
    /// systemd unit, gunicorn `raw_env`, `--settings`) whose
    /// `DJANGO_SETTINGS_MODULE` names another module than the one golive
    /// audited.
    ///
    /// ## Why is this bad?
    /// Everything golive (or `check --deploy`) said about the settings is
    /// about a module that production does not run. Either the audit points
    /// at the wrong module (`--settings`, `settings` in the configuration),
    /// or the deployment starts the wrong one — a staging or development
    /// module in production.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV DJANGO_SETTINGS_MODULE=shop.settings.staging
    /// ```
    /// while `golive check --settings shop.settings.production`.
    ///
    /// Use instead: the same module in the deployment and in the audit.
    ///
    /// ## References
    /// - [Django: DJANGO_SETTINGS_MODULE](https://docs.djangoproject.com/en/stable/topics/settings/#designating-the-settings)
    pub(crate) static SETTINGS_MODULE_MISMATCH = {
        code: "XDP005",
        name: "settings-module-mismatch",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    let Some(settings) = ctx.settings else { return };
    let audited = settings.module.as_str();
    for p in ctx.deployment.processes.iter().filter(|p| !p.dev) {
        let from_env = p
            .env
            .iter()
            .rev()
            .find(|e| e.name == "DJANGO_SETTINGS_MODULE")
            .and_then(|e| e.value.clone().map(|v| (v, e.span)));
        let declared = p
            .server
            .settings_module
            .clone()
            .map(|m| (m, p.span))
            .or(from_env);
        let Some((module, span)) = declared else {
            continue;
        };
        let module = module.trim().trim_matches(['"', '\'']).to_string();
        if module.is_empty() || module.contains('$') || module == audited {
            continue;
        }
        ctx.report(
            &SETTINGS_MODULE_MISMATCH,
            span,
            format!("this process runs with DJANGO_SETTINGS_MODULE={module}, but golive audited {audited}"),
            Some(format!("audit the module production runs (`golive check --settings {module}`), or fix the deployment")),
            Vec::new(),
        );
    }
}
