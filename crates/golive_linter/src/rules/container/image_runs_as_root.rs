//! DKR003: the image's process runs as root.

use crate::infra::InfraContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a production Dockerfile whose image runs the Django
    /// application and whose final stage has no `USER` instruction (in its
    /// stage or the stages it is built from), or whose last `USER` is
    /// `root` or `0` — unless a compose service that builds it sets a
    /// non-root `user:`, or the application server itself switches to an
    /// unprivileged user (gunicorn `--user`, uwsgi `uid`, supervisord
    /// `user=`). Images that run something else — a database, a cache, an
    /// rsync side-car built `FROM` an official image whose entrypoint drops
    /// privileges — are not judged. Neither are images built `FROM` another
    /// project's image (`FROM acme/app:1.4`): they inherit its `USER`, which
    /// the repository does not show. Docker's official images and a few
    /// widely used ones (uv, tiangolo) are known to default to root.
    ///
    /// ## Why is this bad?
    /// Containers run as root unless told otherwise. A remote code
    /// execution bug in the application then has root inside the container:
    /// it can rewrite the application's code, read every mounted secret,
    /// and is one kernel or runtime bug away from the host.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY . /app
    /// CMD ["gunicorn", "shop.wsgi", "--bind", "0.0.0.0:8000"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN useradd --create-home app
    /// COPY --chown=app . /app
    /// USER app
    /// CMD ["gunicorn", "shop.wsgi", "--bind", "0.0.0.0:8000"]
    /// ```
    ///
    /// ## References
    /// - [Docker: USER](https://docs.docker.com/reference/dockerfile/#user)
    /// - [OWASP Docker Security Cheat Sheet, rule 2](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
    pub(crate) static IMAGE_RUNS_AS_ROOT = {
        code: "DKR003",
        name: "image-runs-as-root",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    let compose_sets_user = ctx
        .deployment
        .compose
        .iter()
        .flat_map(|c| &c.facts.services)
        .any(|s| {
            s.build.is_some()
                && s.user
                    .as_deref()
                    .is_some_and(|u| !u.starts_with("root") && !u.starts_with('0'))
        });
    if compose_sets_user {
        return;
    }
    for (i, df) in ctx
        .deployment
        .dockerfiles
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.dev)
    {
        let django: Vec<&golive_infra::deployment::Process> = ctx
            .deployment
            .processes
            .iter()
            .filter(|p| p.image == Some(i) && p.server.kind.is_some())
            .collect();
        let mentions_django = df
            .facts
            .final_chain()
            .iter()
            .flat_map(|s| s.instructions.iter())
            .any(|ins| {
                matches!(ins.keyword.as_str(), "CMD" | "ENTRYPOINT")
                    && [
                        "manage.py",
                        "gunicorn",
                        "uwsgi",
                        "daphne",
                        "uvicorn",
                        "hypercorn",
                        "django",
                        "celery",
                    ]
                    .iter()
                    .any(|w| ins.args.contains(w))
            });
        if django.is_empty() && !mentions_django {
            continue;
        }
        if !django.is_empty() && django.iter().all(|p| p.user.is_some()) {
            continue;
        }
        let chain = df.facts.final_chain();
        let Some(last) = chain.last() else { continue };
        // An image built on another project image (`FROM acme/app:latest`)
        // inherits its USER, which this repository does not show; official
        // images (`python:3.12`, `docker.io/library/python`) run as root.
        if chain.first().is_some_and(|s| !is_official_image(&s.from)) {
            continue;
        }
        let user = chain
            .iter()
            .flat_map(|s| s.instructions.iter())
            .rfind(|i| i.keyword == "USER");
        let (range, message) = match user {
            Some(u) if matches!(u.args.split(':').next().unwrap_or("").trim(), "root" | "0") => (
                u.range,
                format!("the image runs as root (`USER {}`)", u.args),
            ),
            Some(_) => continue,
            None => (
                last.instructions[0].range,
                "the image has no `USER`: its processes run as root".to_string(),
            ),
        };
        ctx.report(
            &IMAGE_RUNS_AS_ROOT,
            golive_source::Span::new(df.file, range),
            message,
            Some("create an unprivileged user and switch to it with `USER` before CMD".into()),
            Vec::new(),
        );
    }
}

/// An image of Docker's official library (`python`, `debian:12`,
/// `docker.io/library/python`), whose default user is root.
fn is_official_image(from: &str) -> bool {
    let image = from.split('@').next().unwrap_or(from);
    let path = image
        .strip_prefix("docker.io/")
        .or_else(|| image.strip_prefix("index.docker.io/"))
        .unwrap_or(image);
    let path = path.strip_prefix("library/").unwrap_or(path);
    let name = path.split(':').next().unwrap_or(path);
    // Widely used images that keep root as their default user too.
    const ROOT_BY_DEFAULT: &[&str] = &[
        "ghcr.io/astral-sh/uv",
        "astral/uv",
        "tiangolo/",
        "nikolaik/python-nodejs",
        "continuumio/",
    ];
    if ROOT_BY_DEFAULT.iter().any(|p| name.starts_with(p)) {
        return true;
    }
    !name.is_empty() && !name.contains('/') && !name.contains('$')
}
