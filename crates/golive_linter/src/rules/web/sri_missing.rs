//! WEB045: scripts and stylesheets from other sites without Subresource Integrity.

use super::html::{self, Loader};
use super::{ProbeContext, same_site};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reads the final page's HTML and reports each `<script src>` and
    /// `<link rel=stylesheet href>` loaded from another site without an
    /// `integrity` attribute. "Another site" approximates the registrable
    /// domain without the Public Suffix List: the same host or a subdomain of
    /// the same last two labels (three under `co.uk`-like suffixes) is the
    /// same site (`static.shop.example.com` for `shop.example.com`); an IP
    /// address is the same site only as itself. An `http://` resource on an
    /// HTTPS page is also WEB044.
    ///
    /// ## Why is this bad?
    /// Code from a CDN or a vendor runs with the page's full authority: if
    /// that host is compromised (it has happened to polyfill.io, to jsDelivr
    /// packages, to analytics vendors), so is every site that includes it.
    /// With `integrity="sha384-…"` the browser refuses a file that changed.
    /// The HTTP Observatory deducts 5 points for external scripts without
    /// SRI; golive does the same and counts stylesheets too (CSS can
    /// exfiltrate page content).
    ///
    /// ## Example
    /// `<script src="https://cdn.jsdelivr.net/npm/htmx.org@2.0.4/dist/htmx.min.js"></script>`.
    ///
    /// Use instead: `<script src="https://cdn.jsdelivr.net/npm/htmx.org@2.0.4/dist/htmx.min.js" integrity="sha384-…" crossorigin="anonymous"></script>`, or serve the file from `STATIC_ROOT`.
    ///
    /// ## References
    /// - [W3C Subresource Integrity](https://www.w3.org/TR/SRI/)
    /// - [MDN: Subresource Integrity](https://developer.mozilla.org/en-US/docs/Web/Security/Subresource_Integrity)
    pub(crate) static SRI_MISSING = {
        code: "WEB045",
        name: "sri-missing",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    let Ok(site) = golive_probe::Target::parse(&page.url) else {
        return;
    };
    for r in html::scan(&page.body).subresources {
        if !matches!(r.loader, Loader::Script | Loader::Stylesheet)
            || r.integrity.as_deref().is_some_and(|i| !i.trim().is_empty())
        {
            continue;
        }
        // Only http(s) URLs go to a host; data: and blob: do not.
        let Ok(target) = golive_probe::Target::parse(&golive_probe::resolve(&page.url, &r.url))
        else {
            continue;
        };
        if same_site(target.host(), site.host()) {
            continue;
        }
        ctx.report(
            &SRI_MISSING,
            ctx.at_status(page),
            format!("{} loads {} `{}` from another site ({}) without integrity: if that host is compromised, so is this page", page.url, r.loader.element(), r.url, target.host()),
            Some("add integrity=\"sha384-…\" crossorigin=\"anonymous\" (the CDN lists the hash), or serve the file from your static files".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::same_site;

    #[test]
    fn sites_approximated() {
        assert!(same_site("static.shop.example.com", "shop.example.com"));
        assert!(same_site("cdn.example.com", "www.example.com"));
        assert!(same_site("a.shop.example.co.uk", "shop.example.co.uk"));
        assert!(!same_site("evil.co.uk", "shop.example.co.uk"));
        assert!(!same_site("cdn.jsdelivr.net", "shop.example.com"));
        assert!(!same_site("127.0.0.2", "127.0.0.1"));
        assert!(same_site("[::1]", "[::1]"));
    }
}
