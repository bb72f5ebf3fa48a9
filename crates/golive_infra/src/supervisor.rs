//! supervisord configurations (`supervisord.conf`, `conf.d/*.conf`): the
//! programs they start, with the user and the environment each gets.

use crate::ini::{self, IniEntry};
use ruff_text_size::TextRange;

/// One `[program:NAME]` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    pub name: String,
    /// The `command=` line; `%(ENV_X)s` expansions are kept as written.
    pub command: String,
    pub command_range: TextRange,
    /// `user=`: supervisord switches to this user before starting it.
    pub user: Option<String>,
    /// `environment=KEY="value",KEY2=value2`.
    pub environment: Vec<(String, String)>,
    pub environment_range: Option<TextRange>,
}

/// Whether a file is a supervisord configuration: it has a `[program:…]`
/// section, and its name or directory says supervisor.
pub fn is_supervisor_config(rel: &std::path::Path, text: &str) -> bool {
    let path = rel.to_string_lossy().to_ascii_lowercase();
    path.contains("supervisor") && text.contains("[program:")
}

/// The programs of a supervisord configuration.
pub fn parse(text: &str) -> Vec<Program> {
    let entries = ini::parse(text);
    let mut names: Vec<&str> = Vec::new();
    for e in &entries {
        if let Some(name) = e.section.strip_prefix("program:")
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    names
        .into_iter()
        .filter_map(|name| {
            let section = format!("program:{name}");
            let of = |key: &str| -> Option<&IniEntry> {
                ini::section(&entries, &section).find(|e| e.key == key)
            };
            let command = of("command")?;
            let environment = of("environment");
            Some(Program {
                name: name.to_string(),
                command: command.value.clone(),
                command_range: command.range,
                user: of("user").map(|e| e.value.clone()),
                environment: environment
                    .map(|e| parse_environment(&e.value))
                    .unwrap_or_default(),
                environment_range: environment.map(|e| e.range),
            })
        })
        .collect()
}

/// `KEY="value",KEY2=value2`: supervisord's environment syntax (values may
/// be quoted; commas inside quotes belong to the value).
fn parse_environment(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut pairs = Vec::new();
    for c in value.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ',') => pairs.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    pairs.push(current);
    for pair in pairs {
        if let Some((k, v)) = pair.split_once('=') {
            let k = k.trim();
            if !k.is_empty() {
                out.push((k.to_string(), v.trim().to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs() {
        let text = "[supervisord]\nnodaemon=true\n\n[program:gunicorn]\ncommand=gunicorn oj.wsgi --bind 127.0.0.1:8080 --workers %(ENV_MAX_WORKER_NUM)s\nuser=server\nenvironment=DJANGO_SETTINGS_MODULE=\"oj.settings\",A='x,y'\n\n[program:nginx]\ncommand=nginx -c /app/nginx.conf\n";
        let p = parse(text);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].name, "gunicorn");
        assert_eq!(p[0].user.as_deref(), Some("server"));
        assert_eq!(
            p[0].environment,
            [
                (
                    "DJANGO_SETTINGS_MODULE".to_string(),
                    "oj.settings".to_string()
                ),
                ("A".to_string(), "x,y".to_string())
            ]
        );
        assert!(p[0].command.starts_with("gunicorn oj.wsgi"));
        assert!(is_supervisor_config(
            std::path::Path::new("deploy/supervisord.conf"),
            text
        ));
        assert!(!is_supervisor_config(
            std::path::Path::new("deploy/app.conf"),
            text
        ));
    }
}
