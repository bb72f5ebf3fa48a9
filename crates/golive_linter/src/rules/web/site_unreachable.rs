//! WEB015: the site did not answer.

use super::ProbeContext;
use crate::rule::declare_rule;
use golive_probe::Purpose;

declare_rule! {
    /// ## What it does
    /// Reports that the URL given did not answer: DNS failure, refused
    /// connection, timeout, or a TLS handshake that failed (an invalid or
    /// expired certificate, unless `--insecure`).
    ///
    /// ## Why is this bad?
    /// Nothing else can be judged, and visitors see the same error.
    ///
    /// ## Example
    /// `golive probe https://shop.example.com/` while the certificate has
    /// expired.
    ///
    /// Use instead: a site that answers; renew the certificate.
    ///
    /// ## References
    /// - [Let's Encrypt: Certificate lifetime](https://letsencrypt.org/docs/faq/#what-is-the-lifetime-for-let-s-encrypt-certificates-for-how-long-are-they-valid)
    pub(crate) static SITE_UNREACHABLE = {
        code: "WEB015",
        name: "site-unreachable",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(first) = ctx.obs.of(Purpose::Start).next() else {
        return;
    };
    if let Some(error) = &first.error {
        ctx.report(
            &SITE_UNREACHABLE,
            ctx.at_status(first),
            format!("{} did not answer: {error}", first.url),
            Some(
                "check that the site is up, the name resolves and the certificate is valid".into(),
            ),
        );
    }
}
