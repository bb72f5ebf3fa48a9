//! WEB036: HSTS with a max-age of six months to a year.

use super::ProbeContext;
use super::hsts_missing::{ONE_YEAR, SIX_MONTHS, parse_sts};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports, as information, an HTTPS page whose `Strict-Transport-Security`
    /// `max-age` is at least six months (15768000 s) but under a year
    /// (31536000 s). The HTTP Observatory accepts it without a penalty, and
    /// so does golive's grade; a year is what hstspreload.org requires and
    /// what Django's deployment checklist suggests.
    ///
    /// ## Why is this bad?
    /// It is not, much: the protection lapses only for visitors who stay
    /// away for more than `max-age`. A year also makes the site eligible for
    /// the browsers' preload list.
    ///
    /// ## Example
    /// `Strict-Transport-Security: max-age=15768000`.
    ///
    /// Use instead: `Strict-Transport-Security: max-age=31536000; includeSubDomains`.
    ///
    /// ## References
    /// - [hstspreload.org: submission requirements](https://hstspreload.org/#submission-requirements)
    pub(crate) static HSTS_UNDER_A_YEAR = {
        code: "WEB036",
        name: "hsts-under-a-year",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    let Some(value) = page.header("strict-transport-security") else {
        return;
    };
    if !ctx.is_https(page) {
        return;
    }
    if let Ok(sts) = parse_sts(value)
        && (SIX_MONTHS..ONE_YEAR).contains(&sts.max_age)
    {
        ctx.report(
            &HSTS_UNDER_A_YEAR,
            ctx.at_header(page, "strict-transport-security"),
            format!(
                "Strict-Transport-Security has max-age={}, under a year",
                sts.max_age
            ),
            Some("raise max-age to 31536000 (SECURE_HSTS_SECONDS)".into()),
        );
    }
}
