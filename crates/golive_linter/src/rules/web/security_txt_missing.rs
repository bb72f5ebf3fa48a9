//! WEB014: no security.txt.

use super::ProbeContext;
use crate::rule::declare_rule;
use golive_probe::Purpose;

declare_rule! {
    /// ## What it does
    /// Reports that `/.well-known/security.txt` is missing (any answer
    /// other than 200 with a `Contact:` line). Information.
    ///
    /// ## Why is this bad?
    /// Whoever finds a vulnerability needs to know whom to tell; RFC 9116
    /// puts that in a well-known file.
    ///
    /// ## Example
    /// `GET /.well-known/security.txt` → 404.
    ///
    /// Use instead:
    /// ```text
    /// Contact: mailto:security@example.com
    /// Expires: 2027-12-31T23:00:00.000Z
    /// ```
    ///
    /// ## References
    /// - [RFC 9116: security.txt](https://www.rfc-editor.org/rfc/rfc9116)
    pub(crate) static SECURITY_TXT_MISSING = {
        code: "WEB014",
        name: "security-txt-missing",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(ex) = ctx.obs.of(Purpose::SecurityTxt).next() else {
        return;
    };
    if ex.status.is_none() {
        return;
    }
    if !(ex.status == Some(200)
        && ex
            .body
            .lines()
            .any(|l| l.trim_start().to_ascii_lowercase().starts_with("contact:")))
    {
        ctx.report(
            &SECURITY_TXT_MISSING,
            ctx.at_status(ex),
            "no /.well-known/security.txt with a Contact line".into(),
            Some("publish a security.txt (RFC 9116) with a contact address".into()),
        );
    }
}
