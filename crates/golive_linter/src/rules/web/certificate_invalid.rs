//! WEB017: the certificate does not prove the site's identity.

use super::ProbeContext;
use crate::rule::declare_rule;
use golive_probe::Target;

declare_rule! {
    /// ## What it does
    /// Reports a certificate whose names do not cover the host probed, and
    /// (unless the probe ran with `--insecure`) a chain that Mozilla's root
    /// store does not trust — self-signed, an incomplete chain (the
    /// intermediate not sent), revoked algorithms — with the verifier's
    /// reason. A handshake that fails altogether is reported too.
    ///
    /// ## Why is this bad?
    /// Browsers refuse the site, or users learn to click through warnings.
    /// A missing intermediate is a classic: desktop browsers that cached it
    /// work, phones and API clients fail.
    ///
    /// ## Example
    /// `cert verdict: invalid peer certificate: UnknownIssuer`.
    ///
    /// Use instead: a certificate for every name the site answers to, served
    /// with its full chain (`fullchain.pem`, not `cert.pem`).
    ///
    /// ## References
    /// - [nginx: Configuring HTTPS servers (chains)](https://nginx.org/en/docs/http/configuring_https_servers.html#chains)
    pub(crate) static CERTIFICATE_INVALID = {
        code: "WEB017",
        name: "certificate-invalid",
        severity: Error,
        django_id: None,
    };
}

/// Does a certificate name cover the host (`*.example.com` covers one
/// label)?
fn covers(name: &str, host: &str) -> bool {
    let (name, host) = (name.to_ascii_lowercase(), host.to_ascii_lowercase());
    match name.strip_prefix("*.") {
        Some(rest) => host
            .split_once('.')
            .is_some_and(|(label, tail)| !label.is_empty() && tail == rest),
        None => name == host,
    }
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(tls) = &ctx.obs.tls else { return };
    if let Some(e) = &tls.error {
        ctx.report(
            &CERTIFICATE_INVALID,
            ctx.at_line("TLS"),
            format!("the TLS handshake failed: {e}"),
            Some("serve a valid certificate with its full chain".into()),
        );
        return;
    }
    let Ok(target) = Target::parse(&ctx.obs.target) else {
        return;
    };
    if let Some(leaf) = tls.chain.first()
        && !leaf.names.iter().any(|n| covers(n, target.host()))
    {
        ctx.report(
            &CERTIFICATE_INVALID,
            ctx.at_line("cert[0]"),
            format!(
                "the certificate is for {} — not for {}",
                if leaf.names.is_empty() {
                    "no names".to_string()
                } else {
                    leaf.names.join(", ")
                },
                target.host()
            ),
            Some("get a certificate that lists every name the site answers to".into()),
        );
        return;
    }
    if !ctx.obs.insecure
        && let Some(why) = &tls.invalid
    {
        ctx.report(
            &CERTIFICATE_INVALID,
            ctx.at_line("cert verdict"),
            format!("browsers do not trust the certificate: {why}"),
            Some("serve a certificate from a public CA with its full chain (fullchain.pem)".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn wildcards_cover_one_label() {
        assert!(super::covers("*.example.com", "shop.example.com"));
        assert!(!super::covers("*.example.com", "example.com"));
        assert!(!super::covers("*.example.com", "a.shop.example.com"));
        assert!(super::covers("Shop.Example.com", "shop.example.com"));
    }
}
