//! XDP003: nginx serves static or media files from another directory than
//! Django writes them to.

use super::{known, related};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use crate::rules::nginx::{all_locations, is_prefix, location_match};
use golive_infra::nginx;

declare_rule! {
    /// ## What it does
    /// Compares the nginx location that serves `STATIC_URL` (and
    /// `MEDIA_URL`) from disk with `STATIC_ROOT` (and `MEDIA_ROOT`): the
    /// directory nginx reads (`alias`, or `root` plus the URL) must be the
    /// one `collectstatic` writes to (and uploads are saved in). A root
    /// built from `BASE_DIR` is compared by its part below the project
    /// (`BASE_DIR / "var" / "static"` matches `alias /srv/shop/var/static/`),
    /// since the checkout's place on the server is not known. Projects
    /// whose nginx runs in its own compose container are skipped: the
    /// volume may be mounted at another path there.
    ///
    /// ## Why is this bad?
    /// Every stylesheet, script and image is a 404 (or, for media, every
    /// upload) — or nginx serves an old copy from a directory nobody
    /// updates any more.
    ///
    /// ## Example
    /// ```python
    /// STATIC_ROOT = "/srv/shop/staticfiles"
    /// ```
    /// ```nginx
    /// location /static/ { alias /srv/shop/static/; }
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// location /static/ { alias /srv/shop/staticfiles/; }
    /// ```
    ///
    /// ## References
    /// - [Django: Deploying static files](https://docs.djangoproject.com/en/stable/howto/static-files/deployment/)
    pub(crate) static STATIC_ROOT_VS_PROXY = {
        code: "XDP003",
        name: "static-root-vs-proxy",
        severity: Error,
        django_id: None,
    };
}

fn path_text(v: &golive_python::Value) -> Option<String> {
    v.as_fspath().map(str::to_string)
}

fn normalize(p: &str) -> String {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        "/".into()
    } else {
        t.to_string()
    }
}

pub(crate) fn check(ctx: &InfraContext) {
    let nginx_in_container = ctx
        .deployment
        .compose
        .iter()
        .flat_map(|c| &c.facts.services)
        .any(|s| {
            s.image.as_deref().is_some_and(|i| i.contains("nginx")) || s.name.contains("nginx")
        });
    if nginx_in_container {
        return;
    }
    let static_url = known(ctx, "STATIC_URL").and_then(|s| path_text(&s.value));
    for (url_setting, root_setting) in [("STATIC_URL", "STATIC_ROOT"), ("MEDIA_URL", "MEDIA_ROOT")]
    {
        let (Some(url), Some(root)) = (known(ctx, url_setting), known(ctx, root_setting)) else {
            continue;
        };
        // MEDIA_URL equal to STATIC_URL is a settings error of its own.
        if url_setting == "MEDIA_URL"
            && path_text(&url.value).map(|u| normalize(&u)) == static_url.as_deref().map(normalize)
        {
            continue;
        }
        let (Some(url), Some(root_path)) = (path_text(&url.value), path_text(&root.value)) else {
            continue;
        };
        if !url.starts_with('/') || !root_path.starts_with('/') {
            continue;
        }
        let url = format!("/{}/", url.trim_matches('/'));
        for config in &ctx.deployment.nginx {
            for (_, location) in all_locations(config) {
                let node = location.node;
                if !is_prefix(node) || normalize(location_match(node).1) != normalize(&url) {
                    continue;
                }
                let levels = crate::rules::nginx::levels(config, &location);
                let (dir, directive) = if let Some(alias) = node.first("alias") {
                    (alias.arg(0).map(normalize), alias)
                } else if let Some(r) = nginx::inherited_value(&levels, "root") {
                    (
                        r.arg(0)
                            .map(|r| normalize(&format!("{}{}", r.trim_end_matches('/'), url))),
                        r,
                    )
                } else {
                    continue;
                };
                let Some(dir) = dir else { continue };
                if dir.contains('$') || dir == normalize(&root_path) {
                    continue;
                }
                // A root under BASE_DIR is where the checkout is deployed
                // (`/srv/shop/var/static` for `BASE_DIR / "var" / "static"`):
                // only the part below the checkout can be compared.
                let below_checkout = std::path::Path::new(&root_path)
                    .strip_prefix(&ctx.deployment.root)
                    .ok()
                    .map(|rel| normalize(&rel.to_string_lossy()));
                if let Some(rel) = &below_checkout
                    && dir.ends_with(&format!("/{rel}"))
                {
                    continue;
                }
                let (shown, help) = match &below_checkout {
                    Some(rel) => (
                        format!("`<checkout>/{rel}`"),
                        format!(
                            "point the location at {root_setting}: an alias ending in `/{rel}/`"
                        ),
                    ),
                    None => (
                        format!("`{root_path}`"),
                        format!(
                            "point the location at {root_setting} (`alias {}/;`)",
                            normalize(&root_path)
                        ),
                    ),
                };
                ctx.report(
                    &STATIC_ROOT_VS_PROXY,
                    directive.span(),
                    format!("nginx serves {url} from `{dir}`, but {root_setting} is {shown}"),
                    Some(help),
                    related(root, &format!("{root_setting} is set here")),
                );
            }
        }
    }
}
