//! REP003: the pinned Django release has known, fixed vulnerabilities.

use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::django_releases;

declare_rule! {
    /// ## What it does
    /// Reports an exact Django version (a `==` pin or a lock file) when
    /// later releases of the same series fixed security vulnerabilities,
    /// and lists their CVE numbers, from golive's offline table built from
    /// Django's own release notes (the finding names the table's date).
    /// Ranges (`Django>=5.2,<6`) are not reported: what they install
    /// depends on the day.
    ///
    /// ## Why is this bad?
    /// Each of these vulnerabilities is public, documented and fixed by a
    /// patch release that changes nothing else: upgrading within the series
    /// is the cheapest security work there is.
    ///
    /// ## Example
    /// ```text
    /// Django==5.2.1
    /// ```
    ///
    /// Use instead: the newest patch release of the series.
    /// ```text
    /// Django==5.2.19
    /// ```
    ///
    /// ## References
    /// - [Django: Security releases](https://docs.djangoproject.com/en/dev/releases/security/)
    pub(crate) static DJANGO_VULNERABLE = {
        code: "REP003",
        name: "django-vulnerable",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    let Some((pin, span)) = &ctx.deployment.django_pin else {
        return;
    };
    let Some(exact) = pin.exact.as_deref() else {
        return;
    };
    let table = django_releases::table();
    let fixed = table.fixed_after(exact);
    if fixed.is_empty() {
        return;
    }
    let series = django_releases::series_of(exact);
    let latest = table
        .latest(series)
        .map_or("the newest release", |r| r.version);
    let mut ids: Vec<&str> = fixed.iter().map(|(_, c)| c.id).collect();
    ids.dedup();
    let shown: Vec<&str> = ids.iter().take(6).copied().collect();
    let more = if ids.len() > shown.len() {
        format!(" and {} more", ids.len() - shown.len())
    } else {
        String::new()
    };
    ctx.report(
        &DJANGO_VULNERABLE,
        *span,
        format!(
            "Django {exact} has {} known vulnerabilities fixed in later {series} releases: {}{more} (golive's release table of {})",
            ids.len(),
            shown.join(", "),
            table.generated
        ),
        Some(format!("upgrade to Django {latest}")),
        Vec::new(),
    );
}
