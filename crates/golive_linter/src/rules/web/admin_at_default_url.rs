//! WEB011: the Django admin at /admin/.

use super::ProbeContext;
use crate::rule::declare_rule;
use golive_probe::Purpose;

declare_rule! {
    /// ## What it does
    /// Reports that `/admin/login/` serves Django's admin login page.
    /// Information: moving the admin is not security by itself, but the
    /// default URL is where every credential-stuffing bot knocks.
    ///
    /// ## Why is this bad?
    /// Bots try common passwords against `/admin/` all day. A less obvious
    /// path, an IP allow-list at the proxy, or two-factor authentication
    /// (django-otp) takes the admin out of their reach.
    ///
    /// ## Example
    /// `GET /admin/login/` → 200 "Django administration".
    ///
    /// Use instead: `path("ops-7c1f/", admin.site.urls)` and an allow-list or
    /// 2FA.
    ///
    /// ## References
    /// - [Django: The admin site](https://docs.djangoproject.com/en/stable/ref/contrib/admin/)
    pub(crate) static ADMIN_AT_DEFAULT_URL = {
        code: "WEB011",
        name: "admin-at-default-url",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(ex) = ctx.obs.of(Purpose::Admin).next() else {
        return;
    };
    if ex.status == Some(200)
        && (ex.body.contains("Django administration")
            || ex.body.contains("Django site admin")
            || ex.body.contains("id=\"login-form\""))
    {
        ctx.report(
            &ADMIN_AT_DEFAULT_URL,
            ctx.at_status(ex),
            "the Django admin login is served at the default /admin/".into(),
            Some("move the admin to a less obvious path and restrict it (allow-list, 2FA)".into()),
        );
    }
}
