//! WEB002: a request for another host name is answered (or reflected).

use super::ProbeContext;
use crate::rule::declare_rule;
use golive_probe::{FOREIGN_HOST, Purpose};

declare_rule! {
    /// ## What it does
    /// Sends the start URL with `Host: golive-probe.invalid` and reports a
    /// success (2xx) answer, a redirect to that name, or a page (not an
    /// error page) that contains it.
    ///
    /// ## Why is this bad?
    /// The site builds absolute URLs — password-reset links, redirects,
    /// canonical links, cache keys — from the `Host` header. A site that
    /// accepts any host lets an attacker poison them (Host header
    /// injection): Django's `ALLOWED_HOSTS` is `['*']`, or a proxy in
    /// front answers for every name. No common live scanner tests this.
    ///
    /// ## Example
    /// `Host: golive-probe.invalid` → `302 Location: https://golive-probe.invalid/accounts/login/`.
    ///
    /// Use instead: explicit `ALLOWED_HOSTS`, and an nginx catch-all server
    /// that answers unknown hosts with 444 (NGX001).
    ///
    /// ## References
    /// - [Django: Host header validation](https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation)
    /// - [PortSwigger: HTTP Host header attacks](https://portswigger.net/web-security/host-header)
    pub(crate) static FOREIGN_HOST_ACCEPTED = {
        code: "WEB002",
        name: "foreign-host-accepted",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(ex) = ctx.obs.of(Purpose::ForeignHost).next() else {
        return;
    };
    let Some(status) = ex.status else { return };
    let reflected_location = ex
        .header("location")
        .is_some_and(|l| l.contains(FOREIGN_HOST));
    if reflected_location {
        ctx.report(
            &FOREIGN_HOST_ACCEPTED,
            ctx.at_header(ex, "location"),
            format!("a request for the foreign host `{FOREIGN_HOST}` is redirected to that host: the site builds URLs from any Host header"),
            Some("set ALLOWED_HOSTS to the site's names and reject unknown hosts at the proxy".into()),
        );
    } else if status < 400 && ex.body.contains(FOREIGN_HOST) {
        ctx.report(
            &FOREIGN_HOST_ACCEPTED,
            ctx.at_status(ex),
            format!("a request for the foreign host `{FOREIGN_HOST}` is answered with a page that contains that host name"),
            Some("set ALLOWED_HOSTS to the site's names and reject unknown hosts at the proxy".into()),
        );
    } else if (200..300).contains(&status) {
        ctx.report(
            &FOREIGN_HOST_ACCEPTED,
            ctx.at_status(ex),
            format!("a request for the foreign host `{FOREIGN_HOST}` is answered with {status}: the site serves any Host header"),
            Some("set ALLOWED_HOSTS to the site's names and reject unknown hosts at the proxy".into()),
        );
    }
}
