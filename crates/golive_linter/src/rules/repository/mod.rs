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
use std::path::Path;

/// Files small and textual enough to search for a command name: scripts,
/// CI and compose files, crontabs, units, Makefiles, Procfiles, Python.
fn searchable(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    matches!(
        ext.as_str(),
        "sh" | "bash" | "yml" | "yaml" | "toml" | "json" | "service" | "timer" | "cron" | "crontab" | "py" | "cfg" | "ini" | "conf" | "tf" | "j2"
    ) || matches!(name.as_str(), "makefile" | "procfile" | "justfile" | "crontab" | "dockerfile" | "app.json")
        || name.starts_with("dockerfile")
        || path.components().any(|c| c.as_os_str() == "cron.d")
}

/// The first project file (by path) whose text mentions any of `needles`.
pub(crate) fn file_mentioning(ctx: &InfraContext, needles: &[&str]) -> Option<std::path::PathBuf> {
    ctx.deployment.files.iter().filter(|p| searchable(p)).find_map(|p| {
        let meta = std::fs::metadata(p).ok()?;
        if meta.len() > 512 * 1024 {
            return None;
        }
        let text = std::fs::read_to_string(p).ok()?;
        needles.iter().any(|n| text.contains(n)).then(|| p.clone())
    })
}

/// Is a Django app in INSTALLED_APPS (by its module or its AppConfig)?
pub(crate) fn app_installed(ctx: &InfraContext, app: &str) -> bool {
    let Some(apps) = ctx.settings.and_then(|s| s.get("INSTALLED_APPS")) else { return false };
    crate::rules::cross::strings(&apps.value).iter().any(|a| a == app || a.starts_with(&format!("{app}.")))
}
