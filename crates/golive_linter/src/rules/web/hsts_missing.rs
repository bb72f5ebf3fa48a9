//! WEB004: no Strict-Transport-Security that browsers apply; the header's
//! parser, shared with WEB035–WEB037.

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an HTTPS page without a `Strict-Transport-Security` header
    /// that browsers apply: none, one they ignore as invalid (RFC 6797
    /// §6.1: no `max-age`, a directive given twice, a malformed value), or
    /// `max-age=0`, which tells them to forget HSTS. Browsers read only the
    /// first such header. A short `max-age` is WEB035 (under six months) or
    /// WEB036 (under a year); before, this rule reported every max-age under
    /// a year with the same weight as no header.
    ///
    /// ## Why is this bad?
    /// Without HSTS, a browser that is sent to `http://` once (a link, a
    /// typed domain, a network attacker) makes the request in clear text.
    /// When the settings promise HSTS (`SECURE_HSTS_SECONDS`) and the site
    /// does not send it, the wrong settings module is deployed or the proxy
    /// strips the header (see NGX009).
    ///
    /// ## Example
    /// `GET https://shop.example.com/` → no `Strict-Transport-Security`.
    ///
    /// Use instead: `Strict-Transport-Security: max-age=31536000; includeSubDomains`.
    ///
    /// ## References
    /// - [RFC 6797: HTTP Strict Transport Security](https://www.rfc-editor.org/rfc/rfc6797#section-6.1)
    /// - [Django: HTTP Strict Transport Security](https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security)
    pub(crate) static HSTS_MISSING_LIVE = {
        code: "WEB004",
        name: "hsts-missing-live",
        severity: Warning,
        django_id: None,
    };
}

/// Six months, the HTTP Observatory's threshold (15768000 s).
pub(crate) const SIX_MONTHS: u64 = 15_768_000;
/// One year, hstspreload.org's minimum (31536000 s).
pub(crate) const ONE_YEAR: u64 = 31_536_000;

/// A `Strict-Transport-Security` header browsers accept.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Sts {
    pub max_age: u64,
    pub include_subdomains: bool,
    pub preload: bool,
}

/// RFC 6797 §6.1: `;`-separated directives, names case-insensitive,
/// values a token or a quoted string; every directive at most once and
/// `max-age` (delta-seconds: digits) required, else the header is invalid
/// and ignored (`Err` says why). Unknown directives are ignored.
pub(crate) fn parse_sts(value: &str) -> Result<Sts, String> {
    let mut seen: Vec<String> = Vec::new();
    let mut sts = Sts {
        max_age: 0,
        include_subdomains: false,
        preload: false,
    };
    let mut max_age = None;
    for part in value.split(';') {
        let part = part.trim_matches(|c: char| c == ' ' || c == '\t');
        if part.is_empty() {
            continue;
        }
        let (name, v) = match part.split_once('=') {
            Some((n, v)) => (n.trim().to_ascii_lowercase(), Some(v.trim())),
            None => (part.to_ascii_lowercase(), None),
        };
        if seen.contains(&name) {
            return Err(format!("`{name}` appears twice"));
        }
        seen.push(name.clone());
        match name.as_str() {
            "max-age" => {
                let v = v.unwrap_or("");
                let v = v
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(v);
                if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("max-age `{v}` is not a number of seconds"));
                }
                // Digits beyond u64 are "a very long time", not an error.
                max_age = Some(v.parse::<u64>().unwrap_or(u64::MAX));
            }
            "includesubdomains" => sts.include_subdomains = true,
            "preload" => sts.preload = true,
            _ => {}
        }
    }
    sts.max_age = max_age.ok_or_else(|| "there is no max-age".to_string())?;
    Ok(sts)
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    if !ctx.is_https(page) {
        return;
    }
    let help = Some("send `Strict-Transport-Security: max-age=31536000; includeSubDomains` (SECURE_HSTS_SECONDS, or the proxy)".to_string());
    let Some(value) = page.header("strict-transport-security") else {
        ctx.report(
            &HSTS_MISSING_LIVE,
            ctx.at_status(page),
            format!(
                "{} is served over HTTPS without Strict-Transport-Security",
                page.url
            ),
            help,
        );
        return;
    };
    let at = ctx.at_header(page, "strict-transport-security");
    match parse_sts(value) {
        Err(why) => ctx.report(
            &HSTS_MISSING_LIVE,
            at,
            format!("browsers ignore this Strict-Transport-Security header: {why}"),
            help,
        ),
        Ok(sts) if sts.max_age == 0 => ctx.report(
            &HSTS_MISSING_LIVE,
            at,
            "Strict-Transport-Security has max-age=0: browsers forget HSTS for the site".into(),
            help,
        ),
        Ok(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_as_rfc_6797_reads_them() {
        let ok = parse_sts(r#"Max-Age="31536000" ; includeSubDomains;PRELOAD; unknown=1"#).unwrap();
        assert_eq!(
            ok,
            Sts {
                max_age: 31_536_000,
                include_subdomains: true,
                preload: true
            }
        );
        assert!(parse_sts("includeSubDomains").is_err());
        assert!(parse_sts("max-age=1; max-age=2").is_err());
        assert!(parse_sts("max-age=1y").is_err());
        assert!(parse_sts("max-age=-5").is_err());
        assert_eq!(
            parse_sts("max-age=99999999999999999999999")
                .unwrap()
                .max_age,
            u64::MAX
        );
    }
}
