//! NGX007: user uploads served inline, HTML and SVG included.

use super::{all_locations, first_segment, levels, serves_files};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::nginx::{self, Level, Node};

declare_rule! {
    /// ## What it does
    /// Reports a location serving `/media/` (user uploads) from disk that
    /// neither refuses active content — a nested location denying `.html`,
    /// `.svg` and the like — nor makes browsers download files
    /// (`Content-Disposition: attachment`, or `default_type
    /// application/octet-stream` with an empty `types`) nor sandboxes them
    /// (`Content-Security-Policy: sandbox`).
    ///
    /// ## Why is this bad?
    /// nginx never executes uploads, but the browser does: an uploaded
    /// `.html` or `.svg` file served inline from the site's own origin runs
    /// its scripts with the site's cookies and permissions — stored
    /// cross-site scripting. The deployment reference's own example denies
    /// `.php`, `.py`, `.pl`, `.sh` and `.cgi`, which nginx would not run
    /// anyway, and lets `.html` and `.svg` through; golive reports a deny
    /// list that misses them.
    ///
    /// ## Example
    /// ```nginx
    /// location /media/ {
    ///     alias /srv/shop/media/;
    ///     location ~ \.(php|py|pl|sh|cgi)$ { deny all; }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// location /media/ {
    ///     alias /srv/shop/media/;
    ///     add_header X-Content-Type-Options nosniff;
    ///     add_header Content-Security-Policy "sandbox";
    ///     location ~* \.(html?|svg|xml|xhtml|js|php|py|pl|sh|cgi)$ { deny all; }
    /// }
    /// ```
    ///
    /// ## References
    /// - [Django: User-uploaded content](https://docs.djangoproject.com/en/stable/topics/security/#user-uploaded-content-security)
    /// - [OWASP: Unrestricted File Upload](https://owasp.org/www-community/vulnerabilities/Unrestricted_File_Upload)
    pub(crate) static MEDIA_SERVED_INLINE = {
        code: "NGX007",
        name: "media-served-inline",
        severity: Warning,
        django_id: None,
    };
}

/// Uploaded files a browser would run if served inline.
const ACTIVE_SAMPLES: &[&str] = &["upload.html", "upload.htm", "upload.svg"];

pub(crate) fn check(ctx: &InfraContext) {
    for config in &ctx.deployment.nginx {
        for (_, location) in all_locations(config) {
            if !first_segment(location.node).is_some_and(|s| s == "media" || s == "uploads") {
                continue;
            }
            let levels = levels(config, &location);
            if !serves_files(&levels, location.node) || forces_download(&levels, location.node) {
                continue;
            }
            let deny = nested_denials(location.node);
            let denied: Vec<&str> = ACTIVE_SAMPLES
                .iter()
                .copied()
                .filter(|f| {
                    let path = format!("/media/{f}");
                    deny.iter().any(|re| re.is_match(path.as_bytes()))
                })
                .collect();
            let missed: Vec<&str> = ACTIVE_SAMPLES
                .iter()
                .copied()
                .filter(|f| !denied.contains(f))
                .map(|f| f.trim_start_matches("upload"))
                .collect();
            if missed.is_empty() {
                continue;
            }
            let has_deny = location
                .node
                .children()
                .iter()
                .any(|n| n.name == "location" && refuses(n));
            let message = if has_deny {
                format!(
                    "uploads are served inline and the deny rule misses {}: an uploaded page runs scripts on the site's origin",
                    missed.join(", ")
                )
            } else {
                "uploads are served inline with no rule against HTML or SVG files: an uploaded page runs scripts on the site's origin".to_string()
            };
            ctx.report(
                &MEDIA_SERVED_INLINE,
                location.node.span(),
                message,
                Some("deny active types in a nested `location ~* \\.(html?|svg|xml|js)$ { deny all; }`, or add `Content-Security-Policy \"sandbox\"`".into()),
                Vec::new(),
            );
        }
    }
}

/// Does a location answer with a refusal?
fn refuses(node: &Node) -> bool {
    node.children().iter().any(|n| {
        (n.name == "deny" && n.arg(0) == Some("all"))
            || (n.name == "return"
                && n.arg(0)
                    .and_then(|c| c.parse::<u16>().ok())
                    .is_some_and(|c| (400..500).contains(&c)))
    })
}

/// The regular expressions of the nested locations that refuse requests,
/// each compiled once. nginx compiles location patterns with PCRE in its
/// default byte mode (no UTF, no Unicode properties): `\w` is ASCII and
/// `~*` folds ASCII case only, so they are matched here over bytes with
/// Unicode off (which also keeps regex's Unicode tables out of golive).
fn nested_denials(node: &Node) -> Vec<regex::bytes::Regex> {
    node.children()
        .iter()
        .filter(|n| n.name == "location" && refuses(n))
        .filter_map(|n| {
            let (modifier, pattern) = super::location_match(n);
            let caseless = match modifier {
                Some("~*") => true,
                Some("~") => false,
                _ => return None,
            };
            regex::bytes::RegexBuilder::new(pattern)
                .unicode(false)
                .case_insensitive(caseless)
                .build()
                .ok()
        })
        .collect()
}

/// Are files forced to download, or sandboxed, at this location?
fn forces_download(levels: &[Level<'_>], node: &Node) -> bool {
    let headers = nginx::inherited_list(levels, "add_header");
    let header = |name: &str, needle: &str| {
        headers.iter().any(|n| {
            n.arg(0).is_some_and(|h| h.eq_ignore_ascii_case(name))
                && n.arg(1)
                    .is_some_and(|v| v.to_ascii_lowercase().contains(needle))
        })
    };
    let octet_stream = node
        .first("default_type")
        .is_some_and(|n| n.arg(0) == Some("application/octet-stream"))
        && node.first("types").is_some_and(|t| t.children().is_empty());
    header("Content-Disposition", "attachment")
        || header("Content-Security-Policy", "sandbox")
        || octet_stream
}
