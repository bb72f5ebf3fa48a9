//! DJS119: uploads and static files under one URL.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `MEDIA_URL` differs from `STATIC_URL` and that
    /// `MEDIA_ROOT` and `STATIC_ROOT` do not contain each other.
    ///
    /// ## Why is this bad?
    /// Static files are trusted code; media files are whatever users upload.
    /// Sharing a URL or a directory lets an upload replace or sit beside
    /// your JavaScript, and `collectstatic --clear` deletes the uploads.
    /// Django itself only refuses identical URLs at run time.
    ///
    /// ## Example
    /// ```python
    /// STATIC_ROOT = "/srv/shop/public"
    /// MEDIA_ROOT = "/srv/shop/public/uploads"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// STATIC_ROOT = "/srv/shop/static"
    /// MEDIA_ROOT = "/srv/shop/media"
    /// ```
    ///
    /// ## References
    /// - [Django: MEDIA_ROOT](https://docs.djangoproject.com/en/stable/ref/settings/#media-root)
    pub(crate) static MEDIA_URL_IS_STATIC_URL = {
        code: "DJS119",
        name: "media-and-static-overlap",
        severity: Warning,
        django_id: None,
    };
}

fn text(ctx: &SettingsContext, name: &str) -> Result<Option<String>, crate::context::Blocked> {
    Ok(ctx.value(name)?.and_then(|v| {
        v.as_fspath()
            .filter(|s| !s.is_empty())
            .map(|s| s.trim_end_matches('/').to_string())
    }))
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if let (Some(media), Some(stat)) = (text(ctx, "MEDIA_URL")?, text(ctx, "STATIC_URL")?)
        && media == stat
    {
        ctx.report_keyed(
            &MEDIA_URL_IS_STATIC_URL,
            &["MEDIA_URL", "STATIC_URL"],
            format!("`MEDIA_URL` and `STATIC_URL` are both '{media}/': uploads are served as if they were static files"),
            Some("serve media under its own URL, e.g. /media/".into()),
            Some("url".into()),
        );
    }
    if let (Some(media), Some(stat)) = (text(ctx, "MEDIA_ROOT")?, text(ctx, "STATIC_ROOT")?) {
        let inside = |a: &str, b: &str| a == b || a.starts_with(&format!("{b}/"));
        if inside(&media, &stat) || inside(&stat, &media) {
            ctx.report_keyed(
                &MEDIA_URL_IS_STATIC_URL,
                &["MEDIA_ROOT", "STATIC_ROOT"],
                format!("`MEDIA_ROOT` ({media}) and `STATIC_ROOT` ({stat}) overlap: collectstatic --clear deletes uploads, and uploads sit beside your code"),
                Some("use separate directories".into()),
                Some("root".into()),
            );
        }
    }
    Ok(())
}
