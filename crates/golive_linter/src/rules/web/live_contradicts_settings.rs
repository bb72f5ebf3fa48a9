//! WEB101: the running site contradicts the settings golive audited.

use super::{ProbeContext, parse_cookie};
use crate::rule::declare_rule;
use golive_probe::{FOREIGN_HOST, Purpose};
use golive_python::{ScenarioResult, Setting, V};
use golive_source::Span;

declare_rule! {
    /// ## What it does
    /// With `golive check PATH --probe URL`, holds what the settings
    /// promise against what the live site does:
    /// - `SECURE_HSTS_SECONDS` is set, but the HTTPS page has no
    ///   `Strict-Transport-Security`;
    /// - `SESSION_COOKIE_SECURE` / `CSRF_COOKIE_SECURE` is on, but the live
    ///   cookie of that name is not `Secure`;
    /// - `DEBUG` is off, but the site serves Django's debug pages;
    /// - `ALLOWED_HOSTS` has no wildcard, but a foreign `Host` is answered;
    /// - `XFrameOptionsMiddleware` is installed, but the page has no
    ///   `X-Frame-Options`.
    ///
    /// The finding points at the response and at the setting.
    ///
    /// ## Why is this bad?
    /// Either production runs another settings module than the one in the
    /// repository (a stale `DJANGO_SETTINGS_MODULE`, an environment
    /// variable that overrides the file), or something between Django and
    /// the browser — the proxy, a CDN — strips or rewrites the headers.
    /// Auditing the files alone would have said all is well.
    ///
    /// ## Example
    /// `SECURE_HSTS_SECONDS = 31536000` in `shop/settings/production.py`,
    /// and `GET https://shop.example.com/` without `Strict-Transport-Security`.
    ///
    /// Use instead: deploy the settings you audit, and check the proxy with
    /// `golive check` (NGX009 finds `add_header` blocks that drop headers).
    ///
    /// ## References
    /// - [Django: Deployment checklist](https://docs.djangoproject.com/en/stable/howto/deployment/checklist/)
    pub(crate) static LIVE_CONTRADICTS_SETTINGS = {
        code: "WEB101",
        name: "live-contradicts-settings",
        severity: Error,
        django_id: None,
    };
}

fn is_true(s: Option<&Setting>) -> bool {
    s.is_some_and(|s| matches!(s.value.v, V::Bool(true)))
}

fn related(s: &Setting, label: &str) -> Vec<(Span, String)> {
    s.origin
        .as_ref()
        .map(|o| vec![(o.stmt, label.to_string())])
        .unwrap_or_default()
}

pub(crate) fn check(ctx: &ProbeContext, settings: &ScenarioResult) {
    let report = |span: Span, message: String, setting: &Setting, label: &str| {
        ctx.report_related(
            &LIVE_CONTRADICTS_SETTINGS,
            span,
            message,
            Some("check which settings module production runs, and whether the proxy rewrites the response".into()),
            related(setting, label),
        );
    };
    if let Some(page) = ctx.page()
        && ctx.is_https(page)
        && let Some(hsts) = settings.get("SECURE_HSTS_SECONDS")
        && matches!(hsts.value.v, V::Int(n) if n > 0)
        && page.header("strict-transport-security").is_none()
    {
        report(
            ctx.at_status(page),
            "the settings set SECURE_HSTS_SECONDS, but the site sends no Strict-Transport-Security"
                .into(),
            hsts,
            "HSTS is promised here",
        );
    }
    for (flag, name_setting, default_name) in [
        ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_NAME", "sessionid"),
        ("CSRF_COOKIE_SECURE", "CSRF_COOKIE_NAME", "csrftoken"),
    ] {
        let Some(setting) = settings.get(flag).filter(|s| is_true(Some(s))) else {
            continue;
        };
        let name = settings
            .get(name_setting)
            .and_then(|s| s.value.as_str().map(str::to_string))
            .unwrap_or_else(|| default_name.to_string());
        for ex in ctx.obs.exchanges.iter().filter(|e| ctx.is_https(e)) {
            for (i, (k, v)) in ex.headers.iter().enumerate() {
                if k == "set-cookie" {
                    let c = parse_cookie(v);
                    if c.name == name && !c.secure {
                        report(
                            ctx.at_header_index(ex, i),
                            format!(
                                "the settings set {flag} = True, but the live `{name}` cookie is not Secure"
                            ),
                            setting,
                            "Secure is promised here",
                        );
                    }
                }
            }
        }
    }
    if let Some(debug) = settings.get("DEBUG")
        && matches!(debug.value.v, V::Bool(false))
        && let Some(ex) = ctx
            .obs
            .exchanges
            .iter()
            .find(|e| super::debug_page_exposed::is_debug_page(&e.body))
    {
        report(
            ctx.at_status(ex),
            "the settings set DEBUG = False, but the site serves Django's debug page".into(),
            debug,
            "DEBUG is off here",
        );
    }
    if let Some(hosts) = settings.get("ALLOWED_HOSTS")
        && let V::List(items) = &hosts.value.v
        && !items.borrow().iter().any(|h| h.as_str() == Some("*"))
        && hosts.value.is_fully_known()
        && let Some(ex) = ctx.obs.of(Purpose::ForeignHost).next()
        && (ex.status.is_some_and(|s| (200..300).contains(&s))
            || ex
                .header("location")
                .is_some_and(|l| l.contains(FOREIGN_HOST)))
    {
        report(
            ctx.at_status(ex),
            format!(
                "ALLOWED_HOSTS has no wildcard, but a request for `{FOREIGN_HOST}` is answered"
            ),
            hosts,
            "ALLOWED_HOSTS is set here",
        );
    }
    if let Some(mw) = settings.get("MIDDLEWARE")
        && let V::List(items) = &mw.value.v
        && items
            .borrow()
            .iter()
            .any(|m| m.as_str() == Some("django.middleware.clickjacking.XFrameOptionsMiddleware"))
        && let Some(page) = ctx.page()
        && page.header("x-frame-options").is_none()
    {
        report(
            ctx.at_status(page),
            "XFrameOptionsMiddleware is installed, but the page has no X-Frame-Options".into(),
            mw,
            "the middleware is installed here",
        );
    }
}
