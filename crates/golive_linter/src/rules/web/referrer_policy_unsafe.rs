//! WEB008: the Referrer-Policy in effect sends URLs where it should not.

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reads `Referrer-Policy` as browsers do (Referrer Policy §8.1): the
    /// values of every such header, comma-separated, in order; the **last**
    /// value the browser knows wins, and unknown values are skipped — so
    /// `unsafe-url, strict-origin-when-cross-origin` is the safe fallback
    /// pattern for old browsers, not a leak. It reports the policy in effect
    /// when it is `unsafe-url`, `no-referrer-when-downgrade`,
    /// `origin-when-cross-origin` or `origin` (the four the HTTP Observatory
    /// calls unsafe).
    ///
    /// A missing header, or one without a known value, is not reported: the
    /// browser default is then `strict-origin-when-cross-origin`, which is
    /// safe. (This rule was `referrer-policy-missing-live` and fired on
    /// both; a Django site sends `same-origin` by default.)
    ///
    /// ## Why is this bad?
    /// `unsafe-url` and `no-referrer-when-downgrade` send the full URL —
    /// with its path and query (reset tokens, search terms, ids) — to every
    /// site the page links to or loads from. `origin-when-cross-origin` and
    /// `origin` send the origin even from HTTPS to plain HTTP, in clear text.
    ///
    /// ## Example
    /// `Referrer-Policy: strict-origin-when-cross-origin, unsafe-url` (the last one wins).
    ///
    /// Use instead: `Referrer-Policy: same-origin` (Django's `SECURE_REFERRER_POLICY` default).
    ///
    /// ## References
    /// - [Referrer Policy: parsing the header](https://www.w3.org/TR/referrer-policy/#parse-referrer-policy-from-header)
    /// - [MDN: Referrer-Policy](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy)
    /// - [Django: Referrer-Policy](https://docs.djangoproject.com/en/stable/ref/middleware/#referrer-policy)
    pub(crate) static REFERRER_POLICY_UNSAFE_LIVE = {
        code: "WEB008",
        name: "referrer-policy-unsafe-live",
        severity: Warning,
        django_id: None,
    };
}

/// The policies browsers know (Referrer Policy §3).
const KNOWN: [&str; 8] = [
    "no-referrer",
    "no-referrer-when-downgrade",
    "same-origin",
    "origin",
    "strict-origin",
    "origin-when-cross-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
];

/// The policy in effect: the last known token of all the headers' values
/// (browsers compare them ASCII case-insensitively).
pub(crate) fn effective<'a>(values: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    values
        .flat_map(|v| v.split(','))
        .filter_map(|t| {
            let t = t.trim_matches(|c: char| c.is_ascii_whitespace());
            KNOWN.iter().copied().find(|k| k.eq_ignore_ascii_case(t))
        })
        .last()
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    let Some(policy) = effective(page.headers_named("referrer-policy")) else {
        return;
    };
    let leak = match policy {
        "unsafe-url" | "no-referrer-when-downgrade" => {
            "sends the full URL (path and query) to other sites"
        }
        "origin-when-cross-origin" | "origin" => {
            "sends the origin to other sites even from HTTPS to plain HTTP"
        }
        _ => return,
    };
    let raw: Vec<&str> = page.headers_named("referrer-policy").collect();
    let shown = raw.join(", ");
    let context = if shown.eq_ignore_ascii_case(policy) {
        String::new()
    } else {
        format!(" (of `{shown}`, browsers use the last value they know)")
    };
    ctx.report(
        &REFERRER_POLICY_UNSAFE_LIVE,
        ctx.at_header(page, "referrer-policy"),
        format!("Referrer-Policy `{policy}`{context} {leak}"),
        Some("use same-origin or strict-origin-when-cross-origin (SECURE_REFERRER_POLICY)".into()),
    );
}

#[cfg(test)]
mod tests {
    use super::effective;

    #[test]
    fn the_last_known_value_wins() {
        let e = |v: &[&str]| effective(v.iter().copied());
        assert_eq!(
            e(&["unsafe-url, strict-origin-when-cross-origin"]),
            Some("strict-origin-when-cross-origin")
        );
        assert_eq!(e(&["same-origin, no-such-policy"]), Some("same-origin"));
        assert_eq!(e(&["no-referrer", "Unsafe-URL"]), Some("unsafe-url"));
        assert_eq!(e(&["bogus", ""]), None);
        assert_eq!(e(&[]), None);
    }
}
