//! WEB001: Django's debug pages are served to the world.

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Looks at every response for Django's technical pages: the debug 404
    /// ("You're seeing this error because you have `DEBUG = True`", "Using
    /// the URLconf defined in …") and the debug 500 traceback ("Django
    /// Version:" with "Traceback"). The probe requests a path that does not
    /// exist on purpose.
    ///
    /// ## Why is this bad?
    /// The site runs with `DEBUG = True`: every error page lists the URL
    /// patterns, settings (with most secrets masked, but not all), local
    /// variables and the SQL of the request; memory grows with every query.
    /// Observatory-style scanners do not notice.
    ///
    /// ## Example
    /// `GET /golive-probe-404-check/` answers 404 with the page "Page not
    /// found … Using the URLconf defined in shop.urls".
    ///
    /// Use instead: `DEBUG = False` in production (see DJS018 for the
    /// settings side).
    ///
    /// ## References
    /// - [Django: DEBUG](https://docs.djangoproject.com/en/stable/ref/settings/#debug)
    pub(crate) static DEBUG_PAGE_EXPOSED = {
        code: "WEB001",
        name: "debug-page-exposed",
        severity: Error,
        django_id: None,
    };
}

const MARKERS: &[&str] = &[
    "You’re seeing this error because you have <code>DEBUG = True</code>",
    "You're seeing this error because you have <code>DEBUG = True</code>",
    "Using the URLconf defined in <code>",
    "<th>Django Version:</th>",
];

/// Is this body one of Django's technical (DEBUG) pages?
pub(crate) fn is_debug_page(body: &str) -> bool {
    MARKERS.iter().any(|m| body.contains(m))
}

pub(crate) fn check(ctx: &ProbeContext) {
    for ex in &ctx.obs.exchanges {
        if is_debug_page(&ex.body) {
            ctx.report(
                &DEBUG_PAGE_EXPOSED,
                ctx.at_status(ex),
                format!("{} answers with Django's debug page: the site runs with DEBUG = True", ex.url),
                Some("set DEBUG = False in production (and check which settings module the server really loads)".into()),
            );
            return;
        }
    }
}
