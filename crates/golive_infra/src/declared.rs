//! `DJANGO_SETTINGS_MODULE=…` and `--settings …` as written in any text:
//! scripts, ini files, Dockerfile `RUN` lines, documentation.

/// `DJANGO_SETTINGS_MODULE` values and `--settings` flags in a file, with
/// their 1-based lines.
pub fn declared_modules(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') && !trimmed.contains("ENV") {
            continue;
        }
        let mut rest = line;
        while let Some(pos) = rest.find("DJANGO_SETTINGS_MODULE") {
            let after = &rest[pos + "DJANGO_SETTINGS_MODULE".len()..];
            if let Some(m) = module_after(after) {
                out.push((idx + 1, m));
            }
            rest = after;
        }
        let mut rest = line;
        while let Some(pos) = rest.find("--settings") {
            let after = &rest[pos + "--settings".len()..];
            if (after.starts_with('=') || after.starts_with(' '))
                && let Some(m) = module_after(after)
            {
                out.push((idx + 1, m));
            }
            rest = after;
        }
    }
    out
}

/// The module named right after `DJANGO_SETTINGS_MODULE` or `--settings`,
/// in the shapes a declaration takes: `=mod` / `: mod` (env files, YAML,
/// ini, shell), `", "mod"` (Python's `setdefault`), ` mod` with a dotted
/// name (Dockerfile's legacy `ENV NAME value`). Prose (`no
/// DJANGO_SETTINGS_MODULE found`) and reads (`config("…", default=None)`)
/// are not declarations.
fn module_after(after: &str) -> Option<String> {
    let sep_len = after.len()
        - after
            .trim_start_matches(|c: char| {
                c == '"'
                    || c == '\''
                    || c == ','
                    || c == '='
                    || c == ':'
                    || c.is_whitespace()
                    || c == ')'
            })
            .len();
    let sep = &after[..sep_len];
    let trimmed = &after[sep_len..];
    let quoted = trimmed.starts_with(['"', '\'']);
    let trimmed = trimmed.trim_start_matches(['"', '\'']);
    let module: String = trimmed
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    let module = module.trim_end_matches('.').to_string();
    if module.is_empty()
        || module.starts_with('.')
        || !module
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        || module.starts_with("os.")
        || module == "os"
    {
        return None;
    }
    let assigned = sep.contains('=') || sep.contains(':');
    let python_argument = sep.contains(',') && (quoted || sep.contains(['"', '\'']));
    let legacy_env = sep.chars().all(char::is_whitespace) && module.contains('.');
    // `default=None`, `environ=...`: a keyword argument, not a module.
    let keyword = trimmed[module.len().min(trimmed.len())..].starts_with('=');
    if !(assigned || python_argument || legacy_env) || keyword {
        return None;
    }
    Some(module)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_declarations_in_common_shapes() {
        let manage = "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.dev')\n";
        assert_eq!(
            declared_modules(manage),
            vec![(1, "shop.settings.dev".to_string())]
        );
        let docker =
            "ENV DJANGO_SETTINGS_MODULE=shop.settings.production \\\n    PYTHONUNBUFFERED=1\n";
        assert_eq!(
            declared_modules(docker),
            vec![(1, "shop.settings.production".to_string())]
        );
        let procfile = "web: gunicorn shop.wsgi --log-file - \nrelease: python manage.py migrate --settings=shop.settings.prod\n";
        assert_eq!(
            declared_modules(procfile),
            vec![(2, "shop.settings.prod".to_string())]
        );
        let pytest = "[pytest]\nDJANGO_SETTINGS_MODULE = shop.settings.test\n";
        assert_eq!(
            declared_modules(pytest),
            vec![(2, "shop.settings.test".to_string())]
        );
        let env_ref = "os.environ.get('DJANGO_SETTINGS_MODULE')\n";
        assert_eq!(declared_modules(env_ref), vec![]);
        let prose = "print('Error: no DJANGO_SETTINGS_MODULE found. Will NOT start')\nsettings_module = config(\"DJANGO_SETTINGS_MODULE\", default=None)\n";
        assert_eq!(declared_modules(prose), vec![]);
        let legacy = "ENV DJANGO_SETTINGS_MODULE shop.settings.production\n";
        assert_eq!(
            declared_modules(legacy),
            vec![(1, "shop.settings.production".to_string())]
        );
    }
}
