//! Content Security Policy as a browser reads and enforces it (CSP Level 3):
//! the policies of a page (headers and `<meta http-equiv>`), their directives
//! and source lists, and what the effective restriction lets through. Not a
//! rule: the CSP rules (WEB009, WEB010, WEB030–WEB034) judge what this
//! module finds.
//!
//! Browsers enforce every policy of a response independently, so a load or
//! an inline script happens only if *every* policy allows it; a weakness of
//! one policy matters only when all the others share it. The judgements
//! here therefore ask "does every enforced policy allow X?".

use super::html;
use golive_probe::Exchange;

/// Where a policy came from: what the browser ignores in it depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// A `Content-Security-Policy` response header.
    Header,
    /// `<meta http-equiv="Content-Security-Policy">` in the page's head.
    Meta,
}

/// One directive: its name (lower-cased) and its source expressions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Directive {
    pub name: String,
    pub values: Vec<String>,
}

/// One enforced (or report-only) policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Policy {
    pub delivery: Delivery,
    pub directives: Vec<Directive>,
}

/// CSP3 §2.2.1 "parse a serialized CSP": directives split on `;`, the name
/// up to the first whitespace (ASCII-lower-cased), the value split on ASCII
/// whitespace; a repeated directive is ignored (the first one counts), and
/// a name outside the directive-name grammar (`ALPHA / DIGIT / "-"`) is
/// dropped.
pub(crate) fn parse_serialized(text: &str) -> Vec<Directive> {
    let mut directives: Vec<Directive> = Vec::new();
    for token in text.split(';') {
        let token = token.trim_matches(|c: char| c.is_ascii_whitespace());
        let mut words = token.split(|c: char| c.is_ascii_whitespace());
        let Some(name) = words.next().filter(|n| !n.is_empty()) else {
            continue;
        };
        let name = name.to_ascii_lowercase();
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            || directives.iter().any(|d| d.name == name)
        {
            continue;
        }
        let values = words
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        directives.push(Directive { name, values });
    }
    directives
}

/// A `Content-Security-Policy` header value: a comma-separated list of
/// policies (several headers are joined with commas on the wire, CSP3
/// §2.2.2), each enforced on its own. A policy without directives is
/// dropped, as browsers do.
pub(crate) fn parse_header(value: &str) -> Vec<Policy> {
    value
        .split(',')
        .map(parse_serialized)
        .filter(|d| !d.is_empty())
        .map(|directives| Policy {
            delivery: Delivery::Header,
            directives,
        })
        .collect()
}

/// The directives a policy delivered in `<meta>` cannot carry (CSP3 §3.3,
/// HTML's `http-equiv` processing): browsers remove them.
pub(crate) const IGNORED_IN_META: [&str; 3] = ["frame-ancestors", "report-uri", "sandbox"];

/// The `content` of a `<meta http-equiv="Content-Security-Policy">`: one
/// policy (HTML runs "parse a serialized CSP" on it, not the list parser),
/// without the directives browsers ignore in meta.
pub(crate) fn parse_meta(content: &str) -> Option<Policy> {
    let directives: Vec<Directive> = parse_serialized(content)
        .into_iter()
        .filter(|d| !IGNORED_IN_META.contains(&d.name.as_str()))
        .collect();
    (!directives.is_empty()).then_some(Policy {
        delivery: Delivery::Meta,
        directives,
    })
}

/// Every policy the browser enforces on `page`: each `Content-Security-Policy`
/// header and each CSP `<meta>` in the head of its HTML.
/// `Content-Security-Policy-Report-Only` is not among them: it only reports.
pub(crate) fn enforced(page: &Exchange) -> Vec<Policy> {
    let mut policies: Vec<Policy> = page
        .headers_named("content-security-policy")
        .flat_map(parse_header)
        .collect();
    policies.extend(
        html::scan(&page.body)
            .csp_meta
            .iter()
            .filter_map(|c| parse_meta(c)),
    );
    policies
}

/// The policies of `Content-Security-Policy-Report-Only` headers (a report-only
/// `<meta>` is not a thing: browsers ignore it).
pub(crate) fn report_only(page: &Exchange) -> Vec<Policy> {
    page.headers_named("content-security-policy-report-only")
        .flat_map(parse_header)
        .collect()
}

/// How messages name the policies: where they came from matters to the
/// reader looking for them.
pub(crate) fn named(policies: &[Policy]) -> &'static str {
    let meta = policies
        .iter()
        .filter(|p| p.delivery == Delivery::Meta)
        .count();
    match meta {
        0 => "the Content-Security-Policy",
        m if m == policies.len() => "the Content-Security-Policy in <meta>",
        _ => "the Content-Security-Policy (header and <meta>)",
    }
}

impl Policy {
    pub(crate) fn get(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name == name)
    }

    /// The first directive of `chain` the policy has: the fallback order
    /// of CSP3 §6.8.3 (`script-src-elem` → `script-src` → `default-src`).
    pub(crate) fn effective(&self, chain: &[&str]) -> Option<&Directive> {
        chain.iter().find_map(|n| self.get(n))
    }
}

/// CSP keywords are ASCII case-insensitive (`'SELF'` is `'self'`).
pub(crate) fn is_keyword(expr: &str, keyword: &str) -> bool {
    expr.eq_ignore_ascii_case(keyword)
}

/// `'nonce-…'` or `'sha256-…'`/`'sha384-…'`/`'sha512-…'`.
pub(crate) fn is_nonce_or_hash(expr: &str) -> bool {
    let e = expr.to_ascii_lowercase();
    e.len() > 2
        && e.ends_with('\'')
        && ["'nonce-", "'sha256-", "'sha384-", "'sha512-"]
            .iter()
            .any(|p| e.starts_with(p) && e.len() > p.len() + 1)
}

/// The scheme of a scheme-source (`https:` → `https`), lower-cased.
pub(crate) fn scheme_source(expr: &str) -> Option<String> {
    let scheme = expr.strip_suffix(':')?;
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    (first.is_ascii_alphabetic()
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
    .then(|| scheme.to_ascii_lowercase())
}

/// A host-source whose host is `*` (`*`, `https://*`, `*:443`,
/// `https://*/js/`): it matches every host. A subdomain wildcard
/// (`*.example.com`) is not: it names hosts the site's owner controls.
pub(crate) fn is_any_host(expr: &str) -> bool {
    let rest = match expr.split_once("://") {
        Some((scheme, rest)) if scheme_source(&format!("{scheme}:")).is_some() => rest,
        Some(_) => return false,
        None => expr,
    };
    let host = rest.split([':', '/']).next().unwrap_or(rest);
    host == "*"
}

/// Whether an expression lets a document load from a host the attacker
/// chooses: `*`, a full host wildcard, or the scheme-sources `http:`,
/// `https:` (which CSP3 also matches to https) and `ftp:`.
pub(crate) fn allows_any_host(expr: &str) -> bool {
    is_any_host(expr)
        || scheme_source(expr).is_some_and(|s| matches!(s.as_str(), "http" | "https" | "ftp"))
}

/// What an attacker who can inject markup into the page gets to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScriptHole {
    /// An inline `<script>` or event handler (`'unsafe-inline'`).
    Inline,
    /// `<script src="data:…">` (`data:`).
    Data,
    /// `<script src>` from any host (`*`, `https:`, `http:`, `https://*`).
    AnyHost,
}

/// The source expressions of one policy that open a script hole, with the
/// directive they are in; `Err` with the fallback chain when the policy
/// does not restrict scripts at all (every hole is open).
///
/// Browsers judge a parser-inserted `<script>` element against
/// `script-src-elem`, falling back to `script-src`, then `default-src`. In
/// that list, `'unsafe-inline'` is ignored when a nonce or hash is present
/// (CSP3 §6.7.3.3), and `'strict-dynamic'` makes the browser ignore host and
/// scheme sources, `'self'` and `'unsafe-inline'` for parser-inserted
/// scripts (CSP3 §8.2): only nonces and hashes count there.
pub(crate) fn script_holes(policy: &Policy) -> Result<Vec<(ScriptHole, String, String)>, ()> {
    let Some(d) = policy.effective(&["script-src-elem", "script-src", "default-src"]) else {
        return Err(());
    };
    let strict_dynamic = d.values.iter().any(|v| is_keyword(v, "'strict-dynamic'"));
    let nonce_or_hash = d.values.iter().any(|v| is_nonce_or_hash(v));
    let mut holes = Vec::new();
    for v in &d.values {
        let hole = if is_keyword(v, "'unsafe-inline'") {
            (!nonce_or_hash && !strict_dynamic).then_some(ScriptHole::Inline)
        } else if strict_dynamic {
            None
        } else if scheme_source(v).is_some_and(|s| s == "data") {
            Some(ScriptHole::Data)
        } else if allows_any_host(v) {
            Some(ScriptHole::AnyHost)
        } else {
            None
        };
        if let Some(h) = hole {
            holes.push((h, d.name.clone(), v.clone()));
        }
    }
    Ok(holes)
}

/// Whether every policy lets any site's resource through `chain` (the
/// directive missing everywhere in the chain counts as allowing), and the
/// offending `directive expression` pairs of the policies that name one.
/// `None` when some policy restricts it.
pub(crate) fn open_in_all(
    policies: &[Policy],
    chain: &[&str],
    open: fn(&str) -> bool,
) -> Option<Vec<(String, String)>> {
    let mut offending = Vec::new();
    for p in policies {
        match p.effective(chain) {
            None => {}
            Some(d) => {
                let bad: Vec<&String> = d.values.iter().filter(|v| open(v)).collect();
                if bad.is_empty() {
                    return None;
                }
                offending.extend(bad.into_iter().map(|v| (d.name.clone(), v.clone())));
            }
        }
    }
    Some(offending)
}

/// Whether any site may frame the page, as browsers decide it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Framing {
    /// `frame-ancestors` or `X-Frame-Options` stops foreign framing.
    Protected,
    /// No header policy has `frame-ancestors` and `X-Frame-Options` is
    /// missing or not one browsers obey.
    Unprotected,
    /// Every header policy with `frame-ancestors` allows any host (these
    /// expressions); browsers then ignore `X-Frame-Options`.
    Wildcard(Vec<(String, String)>),
}

/// HTML's "check a navigation response's adherence to `X-Frame-Options`":
/// an enforced header policy with `frame-ancestors` makes browsers ignore
/// `X-Frame-Options` (a `<meta>` policy cannot carry it); otherwise the
/// header's values (comma-separated, case-insensitive) protect when they
/// include `DENY` or `SAMEORIGIN`, or when several different values
/// include `ALLOWALL` — a conflicting set blocks framing.
pub(crate) fn framing(page: &Exchange) -> Framing {
    let with_ancestors: Vec<Policy> = page
        .headers_named("content-security-policy")
        .flat_map(parse_header)
        .filter(|p| p.get("frame-ancestors").is_some())
        .collect();
    if !with_ancestors.is_empty() {
        return match open_in_all(&with_ancestors, &["frame-ancestors"], allows_any_host) {
            Some(offending) => Framing::Wildcard(offending),
            None => Framing::Protected,
        };
    }
    let mut values: Vec<String> = page
        .headers_named("x-frame-options")
        .flat_map(|v| v.split(','))
        .map(|v| {
            v.trim_matches(|c: char| c.is_ascii_whitespace())
                .to_ascii_lowercase()
        })
        .collect();
    values.sort();
    values.dedup();
    let protects = values.iter().any(|v| v == "deny" || v == "sameorigin")
        || (values.len() > 1 && values.iter().any(|v| v == "allowall"));
    if protects {
        Framing::Protected
    } else {
        Framing::Unprotected
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn header(v: &str) -> Vec<Policy> {
        parse_header(v)
    }

    #[test]
    fn directives_as_browsers_parse_them() {
        let d = parse_serialized(
            "  Script-SRC 'self'  https://cdn.example ;; default-src 'none'; script-src *; bad_name x",
        );
        assert_eq!(
            d,
            [
                Directive {
                    name: "script-src".into(),
                    values: vec!["'self'".into(), "https://cdn.example".into()]
                },
                Directive {
                    name: "default-src".into(),
                    values: vec!["'none'".into()]
                },
            ]
        );
        // A comma starts a second policy; empty ones are dropped.
        let p = header("default-src 'self', script-src 'none' , ,");
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].directives[0].name, "script-src");
    }

    #[test]
    fn meta_policies_lose_what_meta_cannot_carry() {
        let p = parse_meta("frame-ancestors 'none'; report-uri /r; sandbox; script-src 'self'")
            .unwrap();
        assert_eq!(p.directives.len(), 1);
        assert_eq!(p.delivery, Delivery::Meta);
        assert_eq!(parse_meta("frame-ancestors 'none'"), None);
    }

    #[test]
    fn source_expressions() {
        assert!(is_nonce_or_hash("'nonce-abc123'"));
        assert!(is_nonce_or_hash("'SHA256-abc='"));
        assert!(!is_nonce_or_hash("'nonce-'"));
        assert!(!is_nonce_or_hash("'self'"));
        assert_eq!(scheme_source("HTTPS:").as_deref(), Some("https"));
        assert_eq!(scheme_source("https://x"), None);
        assert_eq!(scheme_source(":"), None);
        for any in ["*", "https://*", "*:443", "http://*/js/", "https://*:*"] {
            assert!(is_any_host(any), "{any}");
        }
        for not in [
            "*.example.com",
            "https://*.example.com",
            "'self'",
            "example.com",
        ] {
            assert!(!is_any_host(not), "{not}");
        }
        assert!(allows_any_host("http:") && allows_any_host("https:") && !allows_any_host("data:"));
    }

    fn holes(v: &str) -> Result<Vec<(ScriptHole, String)>, ()> {
        script_holes(&header(v)[0]).map(|h| h.into_iter().map(|(k, _, e)| (k, e)).collect())
    }

    #[test]
    fn script_holes_follow_browser_semantics() {
        assert_eq!(holes("img-src 'self'"), Err(()));
        assert_eq!(
            holes("default-src 'self' 'unsafe-inline' data: https:"),
            Ok(vec![
                (ScriptHole::Inline, "'unsafe-inline'".into()),
                (ScriptHole::Data, "data:".into()),
                (ScriptHole::AnyHost, "https:".into())
            ])
        );
        // script-src wins over default-src; script-src-elem over both.
        assert_eq!(holes("default-src *; script-src 'self'"), Ok(vec![]));
        assert_eq!(
            holes("script-src 'self'; script-src-elem 'self' https://*"),
            Ok(vec![(ScriptHole::AnyHost, "https://*".into())])
        );
        // A nonce disables 'unsafe-inline' (the CSP2 fallback pattern).
        assert_eq!(
            holes("script-src 'nonce-r4nd0m' 'unsafe-inline'"),
            Ok(vec![])
        );
        // 'strict-dynamic' drops host and scheme sources and 'unsafe-inline'.
        assert_eq!(
            holes("script-src 'nonce-r4nd0m' 'strict-dynamic' 'unsafe-inline' https: http: data:"),
            Ok(vec![])
        );
        // A subdomain wildcard is not flagged.
        assert_eq!(holes("script-src https://*.example.com"), Ok(vec![]));
    }

    #[test]
    fn several_policies_combine_as_the_strictest() {
        let p = header("script-src 'unsafe-inline' https:, script-src 'self' https:");
        let any = open_in_all(&p, &["script-src"], allows_any_host).unwrap();
        assert_eq!(any.len(), 2);
        // The second policy blocks 'unsafe-inline'.
        assert_eq!(
            open_in_all(&p, &["script-src"], |v| is_keyword(v, "'unsafe-inline'")),
            None
        );
        // A policy without the directive restricts nothing.
        let p = header("object-src *, frame-ancestors 'none'");
        assert_eq!(
            open_in_all(&p, &["object-src", "default-src"], allows_any_host),
            Some(vec![("object-src".into(), "*".into())])
        );
    }

    fn page(headers: &[(&str, &str)]) -> Exchange {
        Exchange {
            purpose: golive_probe::Purpose::Start,
            url: "https://shop.example.com/".into(),
            request_headers: Vec::new(),
            status: Some(200),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: String::new(),
            error: None,
        }
    }

    #[test]
    fn framing_as_browsers_decide_it() {
        let xfo = |v: &str| framing(&page(&[("x-frame-options", v)]));
        assert_eq!(xfo("DENY"), Framing::Protected);
        assert_eq!(xfo("sameorigin, SAMEORIGIN"), Framing::Protected);
        assert_eq!(xfo("ALLOW-FROM https://a.example"), Framing::Unprotected);
        assert_eq!(xfo("allowall, bogus"), Framing::Protected);
        assert_eq!(framing(&page(&[])), Framing::Unprotected);
        // frame-ancestors wins over X-Frame-Options, in both directions.
        assert_eq!(
            framing(&page(&[
                ("x-frame-options", "DENY"),
                ("content-security-policy", "frame-ancestors *")
            ])),
            Framing::Wildcard(vec![("frame-ancestors".into(), "*".into())])
        );
        assert_eq!(
            framing(&page(&[(
                "content-security-policy",
                "frame-ancestors https:, frame-ancestors 'self'"
            )])),
            Framing::Protected
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn never_panics_and_stays_linear(s in "[ -~\\t\\n,;'*:/]{0,400}", u in any::<String>()) {
            for text in [&s, &u] {
                let started = std::time::Instant::now();
                for p in parse_header(text) {
                    let _ = script_holes(&p);
                    prop_assert!(p.directives.iter().all(|d| !d.name.is_empty()));
                }
                let _ = parse_meta(text);
                prop_assert!(started.elapsed() < std::time::Duration::from_millis(200));
            }
        }
    }
}
