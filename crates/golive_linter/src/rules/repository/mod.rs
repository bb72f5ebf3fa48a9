//! `REP`: rules over the repository — env files and `.gitignore`, the
//! Django release it pins, and what a production site needs besides code
//! (a health-check route, backups, session clean-up).

pub(crate) mod backup_missing;
pub(crate) mod clearsessions_not_scheduled;
pub(crate) mod django_unsupported;
pub(crate) mod django_vulnerable;
pub(crate) mod env_file_committed;
pub(crate) mod health_check_missing;

use crate::infra::InfraContext;

/// Is a Django app in INSTALLED_APPS (by its module or its AppConfig)?
pub(crate) fn app_installed(ctx: &InfraContext, app: &str) -> bool {
    let Some(apps) = ctx.settings.and_then(|s| s.get("INSTALLED_APPS")) else {
        return false;
    };
    crate::rules::cross::strings(&apps.value)
        .iter()
        .any(|a| a == app || a.starts_with(&format!("{app}.")))
}
