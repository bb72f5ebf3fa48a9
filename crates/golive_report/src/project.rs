//! `golive project`: the deployment model golive believes in before it
//! judges anything, as text and JSON. Secret values are masked.

use golive_infra::deployment::Process;
use golive_source::is_secret_name;
use golive_source::{SourceDb, Span, mask_secret};
use golive_workspace::Workspace;
use golive_workspace::classify::FileEntry;
use serde_json::{Value as Json, json};
use std::fmt::Write as _;

fn at(sources: &SourceDb, span: Span) -> String {
    let f = sources.get(span.file);
    format!("{}:{}", f.path, f.line_col(span.range.start()).line)
}

/// A variable's value as the report may show it.
fn shown(name: &str, value: &str) -> String {
    if is_secret_name(name) || golive_source::url_password_range(value).is_some() {
        mask_secret(value)
    } else {
        format!("{value:?}")
    }
}

fn process_line(
    ws: &Workspace,
    sources: &SourceDb,
    i: usize,
    p: &Process,
) -> (String, Option<String>) {
    let server = p.server.kind.map_or("a process", |k| k.as_str());
    let class = if p.dev { "development" } else { "production" };
    let module = ws
        .discovery
        .process_modules
        .iter()
        .find(|(j, _, _)| *j == i)
        .map(|(_, m, _)| m.clone());
    (
        format!(
            "{} — {server}, {class} ({})",
            p.origin.describe(),
            at(sources, p.span)
        ),
        module,
    )
}

/// `golive project` as text.
pub fn project_text(ws: &Workspace, files: &[FileEntry], sources: &SourceDb) -> String {
    let mut out = String::new();
    let d = &ws.discovery;
    let _ = writeln!(out, "Django projects:");
    if ws.projects.is_empty() {
        let _ = writeln!(out, "  (no manage.py found)");
    }
    for p in &ws.projects {
        let _ = writeln!(out, "  {:<40} {:<12} {}", p.dir, p.class.as_str(), p.reason);
    }
    let _ = writeln!(
        out,
        "\nSettings module: {} — {}",
        d.module.as_deref().unwrap_or("(none)"),
        d.reason
    );
    if !d.clear_cut {
        let _ = writeln!(
            out,
            "  (not clear-cut: pin one with --settings or `settings` in [tool.golive])"
        );
    }
    let _ = writeln!(out, "Candidates:");
    for c in &d.candidates {
        let mark = if Some(&c.module) == d.module.as_ref() {
            "*"
        } else if c.excluded.is_some() {
            "x"
        } else {
            " "
        };
        let path = c.path.as_deref().unwrap_or("missing");
        let _ = writeln!(out, "  {mark} {} ({path}) score {}", c.module, c.score);
        if let Some(why) = &c.excluded {
            let _ = writeln!(out, "      excluded: {why}");
        }
        for e in &c.evidence {
            let _ = writeln!(out, "      {:+4} {}", e.weight, e.text);
        }
    }
    let _ = writeln!(out, "\nProcesses:");
    if ws.deployment.processes.is_empty() {
        let _ = writeln!(out, "  (none declared)");
    }
    for (i, p) in ws.deployment.processes.iter().enumerate() {
        let (line, module) = process_line(ws, sources, i, p);
        let _ = writeln!(out, "  {line}");
        if let Some(m) = module {
            let _ = writeln!(out, "      runs {m}");
        }
        for e in &p.env {
            let value = e
                .value
                .as_deref()
                .map_or("(from the shell)".to_string(), |v| shown(&e.name, v));
            let _ = writeln!(
                out,
                "      env {}={} ({}{})",
                e.name,
                value,
                at(sources, e.span),
                if e.from_file { ", env file" } else { "" }
            );
        }
    }
    let _ = writeln!(
        out,
        "\nEnvironment of the production process that runs the settings module:"
    );
    match &ws.environment {
        None => {
            let _ = writeln!(out, "  (none declared)");
        }
        Some(env) => {
            let _ = writeln!(out, "  {} ({})", env.process, env.sources.join(", "));
            for v in &env.vars {
                let _ = writeln!(
                    out,
                    "  {}={} ({}, {})",
                    v.name,
                    shown(&v.name, &v.value),
                    v.source,
                    if v.fixed {
                        "every scenario"
                    } else {
                        "configured scenario"
                    }
                );
            }
            if !env.unresolved.is_empty() {
                let _ = writeln!(
                    out,
                    "  set at start-up, unknown here: {}",
                    env.unresolved.join(", ")
                );
            }
        }
    }
    let nginx_notes: Vec<String> = ws
        .deployment
        .nginx
        .iter()
        .flat_map(|c| {
            c.not_app.iter().map(|(span, why)| {
                format!(
                    "  {} passes requests to {why}: not judged as Django",
                    at(sources, *span)
                )
            })
        })
        .collect();
    if !nginx_notes.is_empty() {
        let _ = writeln!(out, "\nnginx locations that do not reach Django:");
        for n in nginx_notes {
            let _ = writeln!(out, "{n}");
        }
    }
    let _ = writeln!(out, "\nFiles:");
    for f in files {
        let _ = writeln!(
            out,
            "  {:<12} {:<26} {} — {}",
            f.class.as_str(),
            f.kind.as_str(),
            f.path,
            f.reason
        );
    }
    out
}

/// `golive project --format json`.
pub fn project_json(ws: &Workspace, files: &[FileEntry], sources: &SourceDb) -> Json {
    let d = &ws.discovery;
    let processes: Vec<Json> = ws
        .deployment
        .processes
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let module = d.process_modules.iter().find(|(j, _, _)| *j == i);
            json!({
                "origin": p.origin.describe(),
                "server": p.server.kind.map(|k| k.as_str()),
                "at": at(sources, p.span),
                "class": if p.dev { "development" } else { "production" },
                "settings_module": module.map(|(_, m, _)| m),
                "settings_evidence": module.map(|(_, _, t)| t),
                "env": p.env.iter().map(|e| json!({
                    "name": e.name,
                    "value": e.value.as_deref().map(|v| shown(&e.name, v)),
                    "at": at(sources, e.span),
                    "env_file": e.from_file,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let environment = ws.environment.as_ref().map(|env| {
        json!({
            "process": env.process,
            "sources": env.sources,
            "vars": env.vars.iter().map(|v| json!({"name": v.name, "value": shown(&v.name, &v.value), "at": v.source, "every_scenario": v.fixed})).collect::<Vec<_>>(),
            "unresolved": env.unresolved,
        })
    });
    let compose: Vec<Json> = ws
        .deployment
        .compose
        .iter()
        .map(|c| {
            json!({
                "path": ws.layout.rel(&c.path),
                "class": c.class,
                "reason": c.reason,
                "overrides": c.facts.base.map(|b| ws.layout.rel(&ws.deployment.compose[b].path)),
                "services": c.facts.services.iter().map(|s| json!({
                    "name": s.name,
                    "image": s.image,
                    "build": s.build.as_ref().map(|b| json!({"context": b.context, "dockerfile": b.dockerfile, "target": b.target})),
                    "command": s.command.as_ref().map(|(c, _)| c),
                    "entrypoint": s.entrypoint.as_ref().map(|(c, _)| c),
                    "environment": s.environment.iter().map(|e| e.name.clone()).collect::<Vec<_>>(),
                    "env_file": s.env_files.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>(),
                    "profiles": s.profiles,
                    "class": if s.dev || c.dev { "development" } else { "production" },
                    "reason": s.dev_reason,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "golive": crate::GOLIVE_VERSION,
        "projects": ws.projects,
        "compose": compose,
        "settings": {
            "module": d.module,
            "reason": d.reason,
            "clear_cut": d.clear_cut,
            "candidates": d.candidates,
        },
        "processes": processes,
        "environment": environment,
        "files": files,
    })
}
