//! DJS031: Django's `async.E001`.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that the environment variable `DJANGO_ALLOW_ASYNC_UNSAFE` is
    /// not set (to anything non-empty) in the environment golive evaluates:
    /// the env files and `--env` values you give, and files the settings load.
    ///
    /// ## Why is this bad?
    /// The variable turns off Django's protection against calling
    /// synchronous, thread-bound code (the ORM) from async code — a
    /// development convenience for notebooks that causes data corruption
    /// under a real server.
    ///
    /// ## Example
    /// ```shell
    /// DJANGO_ALLOW_ASYNC_UNSAFE=true
    /// ```
    ///
    /// Use instead: remove the variable from the production environment and
    /// wrap ORM calls made from async code in `sync_to_async`.
    ///
    /// ## References
    /// - [Django: Async safety](https://docs.djangoproject.com/en/stable/topics/async/#async-safety)
    pub(crate) static ASYNC_UNSAFE_ALLOWED = {
        code: "DJS031",
        name: "async-unsafe-allowed",
        severity: Error,
        django_id: Some("async.E001"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx
        .scenario
        .final_env
        .get("DJANGO_ALLOW_ASYNC_UNSAFE")
        .is_some_and(|v| !v.is_empty())
    {
        ctx.report(
            &ASYNC_UNSAFE_ALLOWED,
            &[],
            "the environment sets DJANGO_ALLOW_ASYNC_UNSAFE, which disables Django's async-safety protection".into(),
            Some("remove DJANGO_ALLOW_ASYNC_UNSAFE from the production environment".into()),
        );
    }
    Ok(())
}
