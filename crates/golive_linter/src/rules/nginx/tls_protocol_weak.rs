//! NGX002: obsolete TLS protocol versions or weak ciphers.

use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::nginx::Node;

declare_rule! {
    /// ## What it does
    /// Reports `ssl_protocols` that enable SSLv2, SSLv3, TLS 1.0 or TLS 1.1,
    /// and `ssl_ciphers` that allow broken ciphers (RC4, DES and 3DES, MD5,
    /// NULL, anonymous, EXPORT and LOW suites, or `@SECLEVEL=0`).
    ///
    /// ## Why is this bad?
    /// These protocols and ciphers have practical attacks (POODLE, BEAST,
    /// Sweet32) and are deprecated by RFC 8996; PCI DSS forbids them.
    /// Every browser in use speaks TLS 1.2. nginx before 1.23.4 enables
    /// TLS 1.0 and 1.1 by default, so say `ssl_protocols TLSv1.2 TLSv1.3`
    /// explicitly.
    ///
    /// ## Example
    /// ```nginx
    /// ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
    /// ssl_ciphers ALL:!aNULL:RC4;
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// ssl_protocols TLSv1.2 TLSv1.3;
    /// ssl_ciphers HIGH:!aNULL:!MD5;
    /// ```
    ///
    /// ## References
    /// - [RFC 8996: Deprecating TLS 1.0 and TLS 1.1](https://www.rfc-editor.org/rfc/rfc8996)
    /// - [Mozilla: Server Side TLS](https://wiki.mozilla.org/Security/Server_Side_TLS)
    pub(crate) static TLS_PROTOCOL_WEAK = {
        code: "NGX002",
        name: "tls-protocol-weak",
        severity: Warning,
        django_id: None,
    };
}

const OLD_PROTOCOLS: &[&str] = &["SSLv2", "SSLv3", "TLSv1", "TLSv1.1"];
/// OpenSSL cipher-string words (and parts of suite names) that select
/// broken ciphers.
const WEAK_CIPHER_WORDS: &[&str] = &[
    "RC4", "DES", "3DES", "MD5", "NULL", "eNULL", "aNULL", "EXPORT", "EXP", "LOW", "ADH", "AECDH",
];

/// Is one element of an OpenSSL cipher string (not negated) weak?
fn is_weak_cipher(token: &str) -> bool {
    let token = token.trim_start_matches('+');
    token.contains("@SECLEVEL=0")
        || token
            .split(['-', '+'])
            .any(|part| WEAK_CIPHER_WORDS.contains(&part))
}

pub(crate) fn check(ctx: &InfraContext) {
    for config in &ctx.deployment.nginx {
        walk(ctx, &config.directives);
    }
}

fn walk(ctx: &InfraContext, nodes: &[Node]) {
    for node in nodes {
        match node.name.as_str() {
            "ssl_protocols" => {
                for (i, arg) in node.args.iter().enumerate() {
                    if OLD_PROTOCOLS.contains(&arg.value.as_str()) {
                        ctx.report(
                            &TLS_PROTOCOL_WEAK,
                            node.arg_span(i),
                            format!(
                                "`ssl_protocols` enables {}, which is broken and deprecated",
                                arg.value
                            ),
                            Some("use `ssl_protocols TLSv1.2 TLSv1.3;`".into()),
                            Vec::new(),
                        );
                    }
                }
            }
            "ssl_ciphers" => {
                if let Some(list) = node.arg(0) {
                    let weak: Vec<&str> = list
                        .split([':', ' ', ','])
                        .filter(|t| !t.is_empty() && !t.starts_with(['!', '-']))
                        .filter(|t| is_weak_cipher(t))
                        .collect();
                    if !weak.is_empty() {
                        ctx.report(
                            &TLS_PROTOCOL_WEAK,
                            node.arg_span(0),
                            format!("`ssl_ciphers` allows weak ciphers: {}", weak.join(", ")),
                            Some("use `ssl_ciphers HIGH:!aNULL:!MD5;` or Mozilla's intermediate list".into()),
                            Vec::new(),
                        );
                    }
                }
            }
            _ => walk(ctx, node.children()),
        }
    }
}
