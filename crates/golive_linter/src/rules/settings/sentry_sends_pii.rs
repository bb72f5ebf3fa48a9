//! DJS128: error monitoring that collects personal data or ships its key.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks calls to `sentry_sdk.init(...)` in the settings for
    /// `send_default_pii=True` and for a DSN written as a literal.
    ///
    /// ## Why is this bad?
    /// `send_default_pii` sends user IDs, e-mail and IP addresses, cookies
    /// and request bodies with every event to a third party — a data
    /// protection question, and cookies there are session tokens. A literal
    /// DSN lets anyone with the repository flood or poison your error
    /// tracking.
    ///
    /// ## Example
    /// ```python
    /// sentry_sdk.init(dsn="https://key@o1.ingest.sentry.io/1", send_default_pii=True)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"), send_default_pii=False)
    /// ```
    ///
    /// ## References
    /// - [Sentry: send_default_pii](https://docs.sentry.io/platforms/python/configuration/options/#send-default-pii)
    pub(crate) static SENTRY_SENDS_PII = {
        code: "DJS128",
        name: "sentry-sends-pii",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    for call in ctx
        .scenario
        .calls
        .iter()
        .filter(|c| c.callee == "sentry_sdk.init")
    {
        let kw = |name: &str| call.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v);
        if kw("send_default_pii").and_then(|v| v.truthy()) == Some(true) {
            ctx.report_at(
                &SENTRY_SENDS_PII,
                call.span,
                "`sentry_sdk.init` sets send_default_pii=True: user data, cookies and request bodies go to Sentry with every event".into(),
                Some("set send_default_pii=False (the default) and add only the context you need".into()),
                Some("pii".into()),
            );
        }
        let dsn = kw("dsn").or_else(|| call.args.first());
        if let Some(d) = dsn
            && let V::Str(s) = &d.v
            && s.starts_with("http")
            && d.all_deps().is_empty()
        {
            ctx.report_at(
                &SENTRY_SENDS_PII,
                call.span,
                format!(
                    "`sentry_sdk.init` has a literal DSN ({}): the key is in the repository",
                    golive_source::mask_secret(s)
                ),
                Some("read the DSN from the environment (SENTRY_DSN)".into()),
                Some("dsn".into()),
            );
        }
    }
    Ok(())
}
