//! `WEB`: rules over a live probe — what the running site answers. Each is
//! a pure function of the recorded [`Observation`], so every rule is tested
//! offline from recorded responses.

pub(crate) mod admin_at_default_url;
pub(crate) mod certificate_expiring;
pub(crate) mod certificate_invalid;
pub(crate) mod cookie_flags_missing;
pub(crate) mod cookie_rejected;
pub(crate) mod cookie_samesite_invalid;
pub(crate) mod coop_missing;
pub(crate) mod cors_credentials_any_origin;
pub(crate) mod cors_null_origin;
pub(crate) mod cors_origin_reflected;
pub(crate) mod cors_wildcard_with_credentials;
pub(crate) mod csp;
pub(crate) mod csp_base_uri_missing;
pub(crate) mod csp_form_action_missing;
pub(crate) mod csp_frame_ancestors_wildcard;
pub(crate) mod csp_live;
pub(crate) mod csp_missing_live;
pub(crate) mod csp_object_src_open;
pub(crate) mod csp_unsafe_eval_live;
pub(crate) mod debug_page_exposed;
pub(crate) mod debug_toolbar_exposed;
pub(crate) mod foreign_host_accepted;
pub(crate) mod forwarded_proto_trusted;
pub(crate) mod frame_options_missing;
pub(crate) mod health_check_failing;
pub(crate) mod hsts_missing;
pub(crate) mod hsts_preload_inconsistent;
pub(crate) mod hsts_short;
pub(crate) mod hsts_under_a_year;
pub(crate) mod html;
pub(crate) mod http_not_redirected;
pub(crate) mod live_contradicts_settings;
pub(crate) mod mixed_content;
pub(crate) mod nosniff_missing;
pub(crate) mod old_tls_accepted;
pub(crate) mod redirect_lands_elsewhere;
pub(crate) mod referrer_policy_unsafe;
pub(crate) mod security_txt_missing;
pub(crate) mod server_version_disclosed;
pub(crate) mod site_unreachable;
pub(crate) mod sri_missing;
pub(crate) mod static_not_cached;

use crate::diagnostic::{Diagnostic, Findings};
use crate::rule::RuleMeta;
use golive_probe::{Exchange, ExchangeLines, Observation};
use golive_source::{FileId, Span};
use ruff_text_size::{TextRange, TextSize};

/// What the WEB rules see.
pub(crate) struct ProbeContext<'a> {
    pub obs: &'a Observation,
    text: &'a str,
    lines: &'a [ExchangeLines],
    file: FileId,
    found: Findings,
}

fn span(file: FileId, r: &std::ops::Range<usize>) -> Span {
    let c = |n: usize| TextSize::new(u32::try_from(n).unwrap_or(u32::MAX));
    Span::new(file, TextRange::new(c(r.start), c(r.end)))
}

impl<'a> ProbeContext<'a> {
    pub(crate) fn new(
        obs: &'a Observation,
        text: &'a str,
        lines: &'a [ExchangeLines],
        file: FileId,
    ) -> Self {
        Self {
            obs,
            text,
            lines,
            file,
            found: Findings::default(),
        }
    }

    /// The first transcript line starting with `prefix` (the TLS lines).
    pub(crate) fn at_line(&self, prefix: &str) -> Span {
        golive_probe::transcript_line(self.text, prefix)
            .map_or(Span::file_start(self.file), |r| span(self.file, &r))
    }

    pub(crate) fn take(self) -> Vec<Diagnostic> {
        self.found.into_vec()
    }

    fn lines_of(&self, ex: &Exchange) -> Option<&ExchangeLines> {
        let i = self
            .obs
            .exchanges
            .iter()
            .position(|e| std::ptr::eq(e, ex))?;
        self.lines.get(i)
    }

    /// The status line (or error) of an exchange.
    pub(crate) fn at_status(&self, ex: &Exchange) -> Span {
        self.lines_of(ex)
            .map_or(Span::file_start(self.file), |l| span(self.file, &l.status))
    }

    /// The first response header named `name`, else the status line.
    pub(crate) fn at_header(&self, ex: &Exchange, name: &str) -> Span {
        let Some(l) = self.lines_of(ex) else {
            return Span::file_start(self.file);
        };
        match ex
            .headers
            .iter()
            .position(|(k, _)| k.eq_ignore_ascii_case(name))
        {
            Some(i) => l
                .headers
                .get(i)
                .map_or(span(self.file, &l.status), |r| span(self.file, r)),
            None => span(self.file, &l.status),
        }
    }

    /// The `index`-th response header of an exchange.
    pub(crate) fn at_header_index(&self, ex: &Exchange, index: usize) -> Span {
        let Some(l) = self.lines_of(ex) else {
            return Span::file_start(self.file);
        };
        l.headers
            .get(index)
            .map_or(span(self.file, &l.status), |r| span(self.file, r))
    }

    /// Where a CSP finding points: the first enforced
    /// `Content-Security-Policy` header, else (a `<meta>` policy) the
    /// status line of the page.
    pub(crate) fn at_csp(&self, ex: &Exchange) -> Span {
        self.at_header(ex, "content-security-policy")
    }

    pub(crate) fn report(
        &self,
        rule: &'static RuleMeta,
        span: Span,
        message: String,
        help: Option<String>,
    ) {
        self.report_related(rule, span, message, help, Vec::new());
    }

    pub(crate) fn report_related(
        &self,
        rule: &'static RuleMeta,
        span: Span,
        message: String,
        help: Option<String>,
        related: Vec<(Span, String)>,
    ) {
        self.found.push(
            Diagnostic::new(rule, span, message)
                .with_help(help)
                .with_related(related),
        );
    }

    /// The page the site serves at the URL given (after redirects), when
    /// it answered over HTTPS or the target is plain HTTP.
    pub(crate) fn page(&self) -> Option<&'a Exchange> {
        self.obs
            .final_page()
            .filter(|p| p.status.is_some_and(|s| s < 500))
    }

    pub(crate) fn is_https(&self, ex: &Exchange) -> bool {
        ex.url.starts_with("https://")
    }
}

/// What the CORS request (the final page with `Origin: FOREIGN_ORIGIN`)
/// got back, as the Fetch standard's CORS check reads it.
pub(crate) struct CorsAnswer<'a> {
    pub ex: &'a Exchange,
    /// The one `Access-Control-Allow-Origin` value (several make the check
    /// fail, and the answer is not returned).
    pub allow_origin: &'a str,
    /// `Access-Control-Allow-Credentials: true` — the byte-exact `true`
    /// the Fetch standard compares with.
    pub credentials: bool,
}

impl CorsAnswer<'_> {
    /// The server echoed the foreign origin back.
    pub(crate) fn reflected(&self) -> bool {
        self.allow_origin == golive_probe::FOREIGN_ORIGIN
    }
}

pub(crate) fn cors_answer<'a>(ctx: &ProbeContext<'a>) -> Option<CorsAnswer<'a>> {
    let ex = ctx
        .obs
        .of(golive_probe::Purpose::Cors)
        .find(|e| e.status.is_some())?;
    let mut origins = ex.headers_named("access-control-allow-origin");
    let allow_origin = origins
        .next()?
        .trim_matches(|c: char| c == ' ' || c == '\t');
    if origins.next().is_some() {
        return None;
    }
    let credentials = ex
        .header("access-control-allow-credentials")
        .is_some_and(|v| v.trim_matches(|c: char| c == ' ' || c == '\t') == "true");
    Some(CorsAnswer {
        ex,
        allow_origin,
        credentials,
    })
}

/// Whether two hosts are the same site, approximately: equal, or sharing a
/// registrable domain. Without the Public Suffix List, the registrable
/// domain is taken as the last two labels, or three when the second-level
/// label is a common registry label under a two-letter country code
/// (`shop.example.co.uk`); IP addresses are the same site only when equal.
/// The approximation errs towards "another site" on shared-hosting suffixes
/// the list knows (`github.io`), never the other way for ordinary domains.
pub(crate) fn same_site(a: &str, b: &str) -> bool {
    let (a, b) = (
        a.trim_end_matches('.').to_ascii_lowercase(),
        b.trim_end_matches('.').to_ascii_lowercase(),
    );
    if a == b {
        return true;
    }
    let is_ip = |h: &str| h.contains(':') || h.parse::<std::net::Ipv4Addr>().is_ok();
    if is_ip(&a) || is_ip(&b) {
        return false;
    }
    let registrable = |h: &str| -> String {
        let labels: Vec<&str> = h.split('.').collect();
        let n = labels.len();
        let keep = if n >= 3
            && labels[n - 1].len() == 2
            && matches!(
                labels[n - 2],
                "co" | "com" | "org" | "net" | "gov" | "ac" | "edu" | "ne" | "or"
            ) {
            3
        } else {
            2
        };
        labels[n.saturating_sub(keep)..].join(".")
    };
    let ra = registrable(&a);
    ra.contains('.') && ra == registrable(&b)
}

/// A `Set-Cookie` header, read as RFC 6265bis §5.6 reads it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Cookie {
    /// Empty for a header without `=` in its first pair (then it is all
    /// value, RFC 6265bis).
    pub name: String,
    pub secure: bool,
    pub http_only: bool,
    /// The last `SameSite` attribute's value, as written.
    pub same_site: Option<String>,
    /// The last `Domain` attribute, as written (with any leading dot).
    pub domain: Option<String>,
    /// The last `Path` attribute, as written.
    pub path: Option<String>,
}

pub(crate) fn parse_cookie(header: &str) -> Cookie {
    let mut parts = header.split(';');
    let name = parts
        .next()
        .and_then(|p| p.split_once('=').map(|(n, _)| n.trim().to_string()))
        .unwrap_or_default();
    let mut c = Cookie {
        name,
        secure: false,
        http_only: false,
        same_site: None,
        domain: None,
        path: None,
    };
    // Attribute names are case-insensitive; a later attribute of the same
    // name replaces an earlier one.
    for attr in parts {
        let attr = attr.trim();
        let (k, v) = attr.split_once('=').unwrap_or((attr, ""));
        let v = v.trim().to_string();
        match k.trim().to_ascii_lowercase().as_str() {
            "secure" => c.secure = true,
            "httponly" => c.http_only = true,
            "samesite" => c.same_site = Some(v),
            "domain" => c.domain = Some(v),
            "path" => c.path = Some(v),
            _ => {}
        }
    }
    c
}

/// Every `Set-Cookie` of the probe, each cookie once: the same cookie
/// (name, domain, path) set by several responses — Django sets `csrftoken`
/// on the home page and on the admin login — is one cookie to a browser,
/// and `judge` is asked about its settings until one has a problem; that
/// one is reported, at its header. Returns (exchange, header index,
/// cookie, problem) for each cookie with a problem.
pub(crate) fn cookies_once<T>(
    obs: &golive_probe::Observation,
    mut judge: impl FnMut(&Exchange, &Cookie) -> Option<T>,
) -> Vec<(&Exchange, usize, Cookie, T)> {
    let mut reported: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let mut out = Vec::new();
    for ex in &obs.exchanges {
        for (i, (k, v)) in ex.headers.iter().enumerate() {
            if k != "set-cookie" {
                continue;
            }
            let c = parse_cookie(v);
            let key = (
                c.name.clone(),
                c.domain
                    .as_ref()
                    .map(|d| d.trim_start_matches('.').to_ascii_lowercase()),
                c.path.clone(),
            );
            if reported.contains(&key) {
                continue;
            }
            if let Some(problem) = judge(ex, &c) {
                reported.push(key);
                out.push((ex, i, c, problem));
            }
        }
    }
    out
}
