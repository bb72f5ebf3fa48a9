//! REP002: the pinned Django series no longer gets security fixes.

use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::django_releases;

declare_rule! {
    /// ## What it does
    /// Reports a project that pins a Django series whose security support
    /// has ended, by golive's offline release table. The finding names the
    /// table's date: golive does not go online to check, so a newer golive
    /// knows newer dates. A series older than the table's oldest (3.2) is
    /// out of support too.
    ///
    /// ## Why is this bad?
    /// Vulnerabilities found after the end of support are fixed only in
    /// supported series: the site stays open to every one of them. Django
    /// publishes each security release with the details of what it fixes,
    /// so attackers learn about them the same day as everyone else.
    ///
    /// ## Example
    /// ```text
    /// Django==4.2.30
    /// ```
    ///
    /// Use instead (an LTS series with support left):
    /// ```text
    /// Django==5.2.19
    /// ```
    ///
    /// ## References
    /// - [Django: Supported versions](https://www.djangoproject.com/download/#supported-versions)
    /// - [Django: Release process](https://docs.djangoproject.com/en/dev/internals/release-process/)
    pub(crate) static DJANGO_UNSUPPORTED = {
        code: "REP002",
        name: "django-unsupported",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    let Some((pin, span)) = &ctx.deployment.django_pin else {
        return;
    };
    let table = django_releases::table();
    let series = pin.exact.as_deref().map_or_else(
        || pin.version.to_string(),
        |v| django_releases::series_of(v).to_string(),
    );
    let (since, older) = match table.series(&series) {
        Some(info) => (info.security_ends, false),
        None => {
            // Older than every series of the table (which starts at 3.2):
            // out of support for longer than the table goes back.
            let Some(oldest) = table
                .series
                .iter()
                .min_by_key(|s| django_releases::version_key(s.series))
            else {
                return;
            };
            if django_releases::version_key(&series) >= django_releases::version_key(oldest.series)
            {
                return;
            }
            (oldest.security_ends, true)
        }
    };
    if since >= table.generated {
        return;
    }
    let newest_lts = table
        .series
        .iter()
        .filter(|s| s.lts && s.security_ends >= table.generated)
        .map(|s| s.series)
        .max_by_key(|s| django_releases::version_key(s));
    ctx.report(
        &DJANGO_UNSUPPORTED,
        *span,
        if older {
            format!("Django {series} is older than every series golive's release table knows: it has had no security fixes since before {since} (golive's release table of {})", table.generated)
        } else {
            format!("Django {series} has had no security fixes since {since} (golive's release table of {})", table.generated)
        },
        newest_lts.map(|s| format!("upgrade to a supported series, e.g. the LTS {s} ({})", table.latest(s).map_or(s, |r| r.version))),
        Vec::new(),
    );
}
