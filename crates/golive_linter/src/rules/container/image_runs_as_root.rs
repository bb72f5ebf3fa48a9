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
    /// privileges — are not judged.
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
        layer: Container,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    let compose_sets_user = ctx
        .deployment
        .compose
        .iter()
        .flat_map(|c| &c.facts.services)
        .any(|s| s.build.is_some() && s.user.as_deref().is_some_and(|u| !u.starts_with("root") && !u.starts_with('0')));
    if compose_sets_user {
        return;
    }
    for (i, df) in ctx.deployment.dockerfiles.iter().enumerate().filter(|(_, d)| !d.dev) {
        let django: Vec<&golive_infra::deployment::Process> =
            ctx.deployment.processes.iter().filter(|p| p.image == Some(i) && p.server.kind.is_some()).collect();
        let mentions_django = df.facts.final_chain().iter().flat_map(|s| s.instructions.iter()).any(|ins| {
            matches!(ins.keyword.as_str(), "CMD" | "ENTRYPOINT")
                && ["manage.py", "gunicorn", "uwsgi", "daphne", "uvicorn", "hypercorn", "django", "celery"].iter().any(|w| ins.args.contains(w))
        });
        if django.is_empty() && !mentions_django {
            continue;
        }
        if !django.is_empty() && django.iter().all(|p| p.user.is_some()) {
            continue;
        }
        let chain = df.facts.final_chain();
        let Some(last) = chain.last() else { continue };
        let user = chain.iter().flat_map(|s| s.instructions.iter()).rfind(|i| i.keyword == "USER");
        let (range, message) = match user {
            Some(u) if matches!(u.args.split(':').next().unwrap_or("").trim(), "root" | "0") => {
                (u.range, format!("the image runs as root (`USER {}`)", u.args))
            }
            Some(_) => continue,
            None => (last.instructions[0].range, "the image has no `USER`: its processes run as root".to_string()),
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
