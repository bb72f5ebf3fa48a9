//! WEB018: the server still speaks TLS 1.0 or 1.1.

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Sends a TLS 1.0 and a TLS 1.1 ClientHello and reports a server that
    /// answers with a ServerHello of that version.
    ///
    /// ## Why is this bad?
    /// Both versions are deprecated (RFC 8996) and have practical attacks;
    /// browsers dropped them in 2020, so the only clients they serve are
    /// attackers downgrading connections and very old bots. See NGX002 for
    /// the nginx line that enables them.
    ///
    /// ## Example
    /// `legacy TLSv1.0: accepted`.
    ///
    /// Use instead: `ssl_protocols TLSv1.2 TLSv1.3;`.
    ///
    /// ## References
    /// - [RFC 8996: Deprecating TLS 1.0 and TLS 1.1](https://www.rfc-editor.org/rfc/rfc8996)
    pub(crate) static OLD_TLS_ACCEPTED = {
        code: "WEB018",
        name: "old-tls-accepted",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(tls) = &ctx.obs.tls else { return };
    for (version, accepted) in &tls.legacy {
        if *accepted {
            ctx.report(
                &OLD_TLS_ACCEPTED,
                ctx.at_line(&format!("legacy {version}")),
                format!("the server accepts {version}"),
                Some("allow only TLS 1.2 and 1.3 (`ssl_protocols TLSv1.2 TLSv1.3;`)".into()),
            );
        }
    }
}
