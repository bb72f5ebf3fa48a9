//! WEB044: an HTTPS page that loads active content over plain HTTP.

use super::ProbeContext;
use super::html::{self, Loader};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reads the final page's HTML and reports, on an `https://` page, the
    /// scripts, stylesheets, frames and plugins (`<script src>`,
    /// `<link rel=stylesheet href>`, `<iframe src>`, `<object data>`,
    /// `<embed src>`) it loads from `http://` URLs — mixed active content.
    /// Relative and protocol-relative (`//cdn…`) URLs inherit `https:` and
    /// are fine. Images and media are not reported: browsers upgrade them
    /// to HTTPS.
    ///
    /// ## Why is this bad?
    /// Current browsers block mixed active content (Mixed Content §4.3), so
    /// the script or stylesheet does not load and the page is broken for
    /// every visitor. A browser that did load it would run code anyone on
    /// the network can replace. golive weighs it −20, not the Observatory's
    /// −50 for an HTTP script, because what browsers do is block it.
    ///
    /// ## Example
    /// `<script src="http://cdn.example.com/lib.js">` on `https://shop.example.com/`.
    ///
    /// Use instead: `<script src="https://cdn.example.com/lib.js" integrity="sha384-…" crossorigin="anonymous">`.
    ///
    /// ## References
    /// - [W3C Mixed Content: blockable content](https://www.w3.org/TR/mixed-content/#category-blockable)
    /// - [MDN: Mixed content](https://developer.mozilla.org/en-US/docs/Web/Security/Mixed_content)
    pub(crate) static MIXED_CONTENT = {
        code: "WEB044",
        name: "mixed-content",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    if !ctx.is_https(page) {
        return;
    }
    for r in html::scan(&page.body).subresources {
        let url = golive_probe::resolve(&page.url, &r.url);
        if !url
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
        {
            continue;
        }
        let what = match r.loader {
            Loader::Script => "the script",
            Loader::Stylesheet => "the stylesheet",
            Loader::Iframe => "the frame",
            Loader::Object | Loader::Embed => "the plugin content",
        };
        ctx.report(
            &MIXED_CONTENT,
            ctx.at_status(page),
            format!("{} loads {} `{}` over plain HTTP: browsers block it ({what} does not load), and anyone on the network could replace it", page.url, r.loader.element(), r.url),
            Some("load it over https:// (or host it with the site's static files)".into()),
        );
    }
}
