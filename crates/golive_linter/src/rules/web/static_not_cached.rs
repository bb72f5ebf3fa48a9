//! WEB012: static assets without caching or compression.

use super::ProbeContext;
use crate::rule::declare_rule;
use golive_probe::Purpose;

declare_rule! {
    /// ## What it does
    /// Requests a stylesheet or script the start page links to and reports
    /// it when it has no long-lived caching (`Cache-Control: max-age` of a
    /// day or more, or `Expires`) or comes uncompressed although the probe
    /// accepts gzip and brotli.
    ///
    /// ## Why is this bad?
    /// Hashed static files (`ManifestStaticFilesStorage`, WhiteNoise) can
    /// be cached for a year; without that, every page view re-validates
    /// them. Uncompressed CSS and JavaScript are several times larger.
    ///
    /// ## Example
    /// `GET /static/css/site.4f2a.css` → no `Cache-Control`, no
    /// `Content-Encoding`.
    ///
    /// Use instead: `Cache-Control: max-age=31536000, public, immutable` and
    /// `Content-Encoding: br` (nginx `expires 1y; gzip_static on;`, or
    /// WhiteNoise's `CompressedManifestStaticFilesStorage`).
    ///
    /// ## References
    /// - [WhiteNoise: Using WhiteNoise with Django](https://whitenoise.readthedocs.io/en/stable/django.html)
    pub(crate) static STATIC_NOT_CACHED_LIVE = {
        code: "WEB012",
        name: "static-not-cached-live",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(ex) = ctx.obs.of(Purpose::StaticAsset).next() else {
        return;
    };
    if ex.status != Some(200) {
        return;
    }
    let max_age = ex.header("cache-control").and_then(|v| {
        v.split(',').find_map(|p| {
            p.trim()
                .strip_prefix("max-age=")
                .and_then(|n| n.parse::<u64>().ok())
        })
    });
    let cached = max_age.is_some_and(|m| m >= 86_400)
        || (max_age.is_none() && ex.header("expires").is_some());
    let compressed = ex
        .header("content-encoding")
        .is_some_and(|v| !v.eq_ignore_ascii_case("identity"));
    let mut problems = Vec::new();
    if !cached {
        problems.push("without long-lived caching");
    }
    if !compressed {
        problems.push("uncompressed");
    }
    if !problems.is_empty() {
        ctx.report(
            &STATIC_NOT_CACHED_LIVE,
            ctx.at_status(ex),
            format!("static asset {} is served {}", ex.url, problems.join(" and ")),
            Some("cache hashed static files for a year and serve them compressed (nginx expires + gzip_static, or WhiteNoise)".into()),
        );
    }
}
