//! DJS151: a log file inside the project whose directory does not exist.

use super::log_file_relative::{file_handlers, is_relative};
use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use std::path::Path;

declare_rule! {
    /// ## What it does
    /// Checks logging file handlers whose file lies inside the project
    /// (typically `BASE_DIR / "logs" / "django.log"`) for a directory that
    /// does not exist in the checkout.
    ///
    /// ## Why is this bad?
    /// Python's file handlers do not create directories. When Django
    /// configures logging at start-up the handler opens its file, and a
    /// missing directory stops every process — web workers, `migrate`,
    /// `collectstatic` — with `ValueError: Unable to configure handler`.
    /// A `logs/` directory that exists on the developer's machine but is
    /// ignored by git is the usual cause: the first deploy from a fresh
    /// clone fails. (With `delay=True` the failure moves to the first log
    /// record instead.)
    ///
    /// Files outside the project (`/var/log/...`) are not judged: golive
    /// cannot see the server's file system. If the deploy creates the
    /// directory (a `mkdir` in the Dockerfile), ignore this rule for the file.
    ///
    /// ## Example
    /// ```python
    /// LOGGING = {
    ///     "version": 1,
    ///     "handlers": {"file": {"class": "logging.FileHandler", "filename": BASE_DIR / "logs" / "django.log"}},
    /// }
    /// ```
    ///
    /// Use instead: commit the directory (`logs/.gitkeep`), log outside the
    /// project (`/var/log/shop/django.log`), or log to the console.
    ///
    /// ## References
    /// - [Python: logging.FileHandler](https://docs.python.org/3/library/logging.handlers.html#filehandler)
    pub(crate) static LOG_DIRECTORY_MISSING = {
        code: "DJS151",
        name: "log-directory-missing",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Ok(project) = golive_source::gate::canonical_root(&ctx.base_dir) else {
        return Ok(());
    };
    for (name, filename) in file_handlers(ctx)? {
        if is_relative(&filename) {
            continue; // DJS147 reports those.
        }
        let Some(dir) = Path::new(&filename).parent() else {
            continue;
        };
        // A directory outside the project — as written, or where a symlink
        // in the project leads — is the server's: not asked of this
        // machine's disk (whether it exists here must not show).
        let Ok(rel) = dir
            .strip_prefix(&ctx.base_dir)
            .or_else(|_| dir.strip_prefix(&project))
        else {
            continue;
        };
        // Inside (the kernel follows the symlinks, a `..` after a missing
        // part is applied lexically): only then asked whether it exists.
        if !golive_source::gate::lies_beneath(&project, &project.join(rel)) || dir.is_dir() {
            continue;
        }
        // Shown relative to the project: the absolute path is the checkout's.
        let shown = [project.as_path(), ctx.base_dir.as_path()]
            .iter()
            .find_map(|root| Path::new(&filename).strip_prefix(root).ok())
            .map_or_else(|| filename.clone(), |p| p.display().to_string());
        ctx.report_keyed(
            &LOG_DIRECTORY_MISSING,
            &["LOGGING"],
            format!(
                "LOGGING handler '{name}' writes to '{shown}' in the project, but that directory does not exist in the checkout: Django fails at start-up with \"Unable to configure handler '{name}'\""
            ),
            Some("commit the directory (e.g. a .gitkeep file), create it during deploy, or log to the console".into()),
            Some(name),
        );
    }
    Ok(())
}
