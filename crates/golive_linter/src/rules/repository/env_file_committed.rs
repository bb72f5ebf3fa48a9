//! REP001: an env file with secrets that git does not ignore.

use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_source::{Span, is_secret_name, mask_secret};
use ruff_text_size::{TextRange, TextSize};

declare_rule! {
    /// ## What it does
    /// Reports an env file (`.env`, `.env.production`, `prod.env`, …) that
    /// assigns a non-empty value to a secret-named variable (`SECRET_KEY`,
    /// `*_PASSWORD`, `*_TOKEN`, `*_API_KEY`, `SENTRY_DSN`, …) or a URL with
    /// a password, when no `.gitignore` of the project ignores the file.
    /// Templates meant to be committed (`.env.example`, `.env.sample`,
    /// `.env.template`, `.env.dist`) and development or test env files
    /// (`development/dev.env`, `.env.test`) are not reported. Values are
    /// never printed.
    ///
    /// ## Why is this bad?
    /// The next `git add .` commits the production secrets, and git never
    /// forgets: every clone, fork and CI cache then holds them, and
    /// removing the file later does not remove it from history. Rotating
    /// `SECRET_KEY` logs everybody out and invalidates password-reset
    /// links.
    ///
    /// ## Example
    /// A `.env` with `DJANGO_SECRET_KEY=…` and a `.gitignore` that does
    /// not mention it.
    ///
    /// Use instead:
    /// ```gitignore
    /// .env
    /// .env.*
    /// !.env.example
    /// ```
    ///
    /// ## References
    /// - [git: gitignore](https://git-scm.com/docs/gitignore)
    /// - [Django: SECRET_KEY](https://docs.djangoproject.com/en/stable/ref/settings/#secret-key)
    pub(crate) static ENV_FILE_COMMITTED = {
        code: "REP001",
        name: "env-file-committed",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    // Development and test env files hold local credentials by design.
    for env in ctx
        .deployment
        .env_files
        .iter()
        .filter(|e| !e.facts.template && !e.facts.ignored && !e.dev)
    {
        let text = &ctx.sources.get(env.file).text;
        let secrets: Vec<_> = env
            .facts
            .bindings
            .iter()
            .filter_map(|b| {
                let value = b.value.as_deref()?.trim();
                if value.is_empty() || value.starts_with('$') {
                    return None;
                }
                if is_secret_name(&b.key) {
                    Some((b, value.to_string()))
                } else {
                    golive_source::url_password_range(value).map(|r| (b, value[r].to_string()))
                }
            })
            .collect();
        let Some((first, value)) = secrets.first() else {
            continue;
        };
        let end = text[first.offset..]
            .find('\n')
            .map_or(text.len(), |n| first.offset + n);
        let at = |n: usize| TextSize::new(u32::try_from(n).unwrap_or(0));
        let names: Vec<&str> = secrets.iter().map(|(b, _)| b.key.as_str()).collect();
        let file_name = env
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        ctx.report(
            &ENV_FILE_COMMITTED,
            Span::new(env.file, TextRange::new(at(first.offset), at(end))),
            format!(
                "`{file_name}` holds secrets ({}; {} = {}) and no .gitignore ignores it",
                names.join(", "),
                first.key,
                mask_secret(value)
            ),
            Some(format!(
                "add `{file_name}` to .gitignore (and rotate the secrets if it was ever committed)"
            )),
            Vec::new(),
        );
    }
}
