//! DJS145: performance tracing (or profiling) on every request in production.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks `sentry_sdk.init(...)` calls in settings for
    /// `traces_sample_rate` or `profiles_sample_rate` of 1.0 (or more).
    ///
    /// ## Why is this bad?
    /// A rate of 1.0 traces (or profiles) every single request. It is what
    /// Sentry's quick-start snippet shows, and it is meant for trying things
    /// out: in production it adds work to each request, and the span quota
    /// of the Sentry plan is used up within hours, after which new traces —
    /// and on some plans new errors — are dropped. A small rate (or a
    /// `traces_sampler` that keeps what matters) gives the same picture.
    ///
    /// This is informational: a low-traffic site may afford tracing
    /// everything.
    ///
    /// ## Example
    /// ```python
    /// sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], traces_sample_rate=1.0)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// sentry_sdk.init(
    ///     dsn=os.environ["SENTRY_DSN"],
    ///     traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0.05")),
    /// )
    /// ```
    ///
    /// ## References
    /// - [Sentry: Sampling (Python)](https://docs.sentry.io/platforms/python/configuration/sampling/)
    pub(crate) static SENTRY_TRACES_EVERY_REQUEST = {
        code: "DJS145",
        name: "sentry-traces-every-request",
        severity: Info,
        django_id: None,
    };
}

/// The option, what a rate of 1.0 means (Sentry applies the profiling rate
/// to the transactions already sampled for tracing), and the sampler that
/// replaces it.
const RATES: &[(&str, &str, &str)] = &[
    (
        "traces_sample_rate",
        "every request is traced",
        "traces_sampler",
    ),
    (
        "profiles_sample_rate",
        "every traced request is also profiled",
        "profiles_sampler",
    ),
];

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    for call in ctx
        .scenario
        .calls
        .iter()
        .filter(|c| c.callee == "sentry_sdk.init")
    {
        for (option, what, sampler) in RATES {
            let Some((_, value)) = call.kwargs.iter().find(|(k, _)| k == option) else {
                continue;
            };
            let rate = match value.v {
                V::Int(i) => i as f64,
                V::Float(f) => f,
                _ => continue,
            };
            if rate >= 1.0 {
                ctx.report_at(
                    &SENTRY_TRACES_EVERY_REQUEST,
                    call.span,
                    format!("`sentry_sdk.init` sets {option}={rate:?}: {what}, which costs time per request and exhausts the Sentry quota"),
                    Some(format!("sample a fraction in production, e.g. {option}=0.05, or pass a {sampler}")),
                    Some((*option).to_string()),
                );
            }
        }
    }
    Ok(())
}
