//! DJS147: a logging file handler writing to a relative path.

use crate::context::{Blocked, Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks the `filename` of every file handler in `LOGGING`
    /// (`logging.FileHandler`, `RotatingFileHandler`,
    /// `TimedRotatingFileHandler`, `WatchedFileHandler`) for a relative path.
    ///
    /// ## Why is this bad?
    /// A relative log path is resolved against the working directory of the
    /// process, which differs between `runserver`, gunicorn under systemd,
    /// a container's `WORKDIR` and a cron job running `manage.py`. The logs
    /// land somewhere nobody looks, or Django fails to start because the
    /// directory is missing or not writable there (`ValueError: Unable to
    /// configure handler`).
    ///
    /// ## Example
    /// ```python
    /// LOGGING = {
    ///     "version": 1,
    ///     "handlers": {"file": {"class": "logging.FileHandler", "filename": "logs/django.log"}},
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// LOGGING = {
    ///     "version": 1,
    ///     "handlers": {"file": {"class": "logging.FileHandler", "filename": "/var/log/shop/django.log"}},
    /// }
    /// ```
    /// (or log to the console and let the process manager collect it).
    ///
    /// ## References
    /// - [Python: logging.FileHandler](https://docs.python.org/3/library/logging.handlers.html#filehandler)
    pub(crate) static LOG_FILE_RELATIVE = {
        code: "DJS147",
        name: "log-file-relative",
        severity: Warning,
        django_id: None,
    };
}

const FILE_HANDLERS: &[&str] = &[
    "logging.FileHandler",
    "logging.handlers.RotatingFileHandler",
    "logging.handlers.TimedRotatingFileHandler",
    "logging.handlers.WatchedFileHandler",
];

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    for (name, filename) in file_handlers(ctx)? {
        if is_relative(&filename) {
            ctx.report_keyed(
                &LOG_FILE_RELATIVE,
                &["LOGGING"],
                format!("LOGGING handler '{name}' writes to the relative path '{filename}': where it lands depends on the working directory of each process"),
                Some("use an absolute path (e.g. /var/log/<project>/django.log), or log to the console and let the process manager collect it".into()),
                Some(name),
            );
        }
    }
    Ok(())
}

/// The file handlers of `LOGGING` whose file name is known: (handler name,
/// file name).
pub(crate) fn file_handlers(ctx: &SettingsContext) -> Result<Vec<(String, String)>, Blocked> {
    let mut found = Vec::new();
    for (name, handler) in ctx.logging_handlers()? {
        let class = handler
            .get_str("class")
            .and_then(|c| c.as_str())
            .unwrap_or_default();
        if !FILE_HANDLERS.contains(&class) {
            continue;
        }
        if let Some(s) = handler.get_str("filename").and_then(|f| f.as_fspath()) {
            found.push((name, s.to_string()));
        }
    }
    Ok(found)
}

/// Whether the path depends on the working directory. Windows drive paths
/// (`C:\logs\app.log`) count as absolute: the project chose a fixed place.
pub(crate) fn is_relative(path: &str) -> bool {
    let bytes = path.as_bytes();
    let windows_drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    !path.is_empty() && !path.starts_with('/') && !path.starts_with('\\') && !windows_drive
}

#[cfg(test)]
mod tests {
    use super::is_relative;

    #[test]
    fn relative_means_dependent_on_the_working_directory() {
        for path in [
            "django.log",
            "logs/django.log",
            "./django.log",
            "../var/django.log",
        ] {
            assert!(is_relative(path), "{path}");
        }
        for path in [
            "/var/log/shop/django.log",
            "C:\\logs\\django.log",
            "D:/logs/django.log",
            "\\\\server\\share\\django.log",
            "",
        ] {
            assert!(!is_relative(path), "{path}");
        }
    }
}
