//! WEB023: django-debug-toolbar answers the probe.

use super::ProbeContext;
use crate::rule::declare_rule;
use golive_probe::Purpose;

declare_rule! {
    /// ## What it does
    /// Requests `/__debug__/render_panel/?request_id=…&panel_id=…` (and the
    /// older `store_id`), the panel view of django-debug-toolbar.
    /// Its views answer only a client the toolbar is shown to (an address in
    /// `INTERNAL_IPS` with `DEBUG = True`, or whatever `SHOW_TOOLBAR_CALLBACK`
    /// allows) with a JSON reply, and 404 to everyone else. A 200 JSON
    /// answer means the toolbar is live for the probe.
    ///
    /// ## Why is this bad?
    /// The toolbar shows every SQL query with its parameters, the settings,
    /// the request headers and cookies, the templates and their context,
    /// and can run `EXPLAIN` on queries — to anyone it is shown to. Behind
    /// a proxy, `REMOTE_ADDR` is the proxy's address, so
    /// `INTERNAL_IPS = ["127.0.0.1"]` shows it to the whole internet.
    ///
    /// ## Example
    /// `GET /__debug__/render_panel/?request_id=golive-probe&panel_id=golive-probe`
    /// answers `200` with
    /// `{"content": "Data for this panel isn't available anymore…"}`.
    ///
    /// Use instead: keep `debug_toolbar` out of production's
    /// `INSTALLED_APPS`, `MIDDLEWARE` and URLconf.
    ///
    /// ## References
    /// - [django-debug-toolbar: Installation](https://django-debug-toolbar.readthedocs.io/en/latest/installation.html)
    /// - [django-debug-toolbar: SHOW_TOOLBAR_CALLBACK](https://django-debug-toolbar.readthedocs.io/en/latest/configuration.html#show-toolbar-callback)
    pub(crate) static DEBUG_TOOLBAR_EXPOSED = {
        code: "WEB023",
        name: "debug-toolbar-exposed",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(ex) = ctx.obs.of(Purpose::DebugToolbar).next() else {
        return;
    };
    let json = ex
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/json"));
    if ex.status == Some(200) && json && ex.body.contains("\"content\"") {
        ctx.report(
            &DEBUG_TOOLBAR_EXPOSED,
            ctx.at_status(ex),
            format!(
                "{} answers: django-debug-toolbar is shown to this client (SQL, settings, headers and cookies of every request)",
                ex.url
            ),
            Some("remove debug_toolbar from production's INSTALLED_APPS, MIDDLEWARE and URLs".into()),
        );
    }
}
