//! The commands: each returns the exit code, or an error for exit code 2.

use crate::args::{
    CheckArgs, Cli, Command, FailOn, Format, ProbeArgs, ProjectCommandArgs, RulesFormat,
    SettingsArgs, SettingsFormat,
};
use anyhow::{Context, Result, bail};
use golive_linter::{Diagnostic, Severity};
use golive_source::{FileId, SourceKind};
use std::io::{IsTerminal, Write};

pub(crate) fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Settings(args) => settings(&args),
        Command::Project(args) => project_model(&args),
        Command::Probe(args) => probe(&args),
        Command::Rule { code } => rule(&code),
        Command::Rules { format } => rules(format),
    }
}

thread_local! {
    /// The secret values of the audit in progress: every output passes
    /// through [`write_stdout`], which masks them.
    static SECRETS: std::cell::RefCell<golive_report::SecretValues> = std::cell::RefCell::new(golive_report::SecretValues::new());
}

/// Collects the secret values of a loaded project (settings of both
/// scenarios, the environment they saw, every file read) for the output
/// filter.
fn collect_secrets(
    ws: &golive_workspace::Workspace,
    scenarios: &[&golive_python::ScenarioResult],
    extra_env: &[(String, String)],
) {
    let mut s = golive_report::SecretValues::new();
    for r in scenarios {
        // Django's defaults hold no secret (an unset SECRET_KEY is ''):
        // only what the project assigned is looked at.
        for (name, setting) in r.settings.iter().filter(|(_, s)| !s.is_default) {
            s.add_setting(name, &setting.value);
        }
        for (k, v) in &r.final_env {
            s.add_named(k, v);
        }
    }
    for (k, v) in extra_env {
        s.add_named(k, v);
    }
    // The secret literals of the Python golive evaluated, whatever their
    // name's case (`api_token = '…'` is no setting, but `LABEL = 'token:
    // %s' % api_token` would show it): from the evaluator's own trees.
    let python: Vec<FileId> = ws
        .sources
        .borrow()
        .iter()
        .filter(|(_, f)| f.kind == SourceKind::Python)
        .map(|(id, _)| id)
        .collect();
    ws.loader.record_masks(python);
    for (_, file) in ws.sources.borrow().iter() {
        // Python's assignments are the evaluated settings; lock and
        // requirement files hold hashes and versions, and at most a URL
        // with credentials.
        match file.kind {
            SourceKind::Python => {
                s.scan_python(&file.text);
                for range in file.masked().unwrap_or_default() {
                    if let Some(literal) = file.text.get(range.clone()) {
                        s.add(literal);
                    }
                }
            }
            SourceKind::Requirements => s.scan_python(&file.text),
            SourceKind::Nginx | SourceKind::Deployment => s.scan_text(&file.text),
            SourceKind::ProbeTranscript | SourceKind::Placeholder => {}
        }
    }
    SECRETS.with_borrow_mut(|cur| *cur = s);
}

/// `--env KEY=VALUE` pairs: secret when their name is.
fn cli_env(args: &crate::args::ProjectArgs) -> Vec<(String, String)> {
    args.env
        .iter()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn write_stdout(text: &str) -> Result<()> {
    emit(text, None)
}

/// The one output sink: masks the audit's secret values, then writes to
/// standard output or, with `--output FILE`, replaces FILE. The file is
/// written beside itself and renamed over it, so a reader (a CI step, a
/// browser) never sees half a report; its directory is created as ruff's
/// `--output-file` creates it.
fn emit(text: &str, output: Option<&std::path::Path>) -> Result<()> {
    let text = SECRETS.with_borrow(|s| {
        if s.is_empty() {
            text.to_string()
        } else {
            s.redact(text)
        }
    });
    // One project of several (`golive check A B`): its report, masked with
    // its own secrets, is gathered and written with the others.
    if output.is_none() && CAPTURE.with_borrow(Option::is_some) {
        CAPTURE.with_borrow_mut(|c| c.get_or_insert_with(String::new).push_str(&text));
        return Ok(());
    }
    if let Some(path) = output {
        return write_file(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()));
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`golive check | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn write_file(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    // Anything but a regular file (a symlink, `/dev/stdout`, a FIFO, a
    // device) is written through, as a shell redirection writes it:
    // renaming a temporary file over it would replace the link or the
    // device node with a regular file.
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file()) {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?;
        return file.write_all(bytes).and_then(|()| file.flush());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("not a file name"))?;
    let mut temporary = name.to_os_string();
    temporary.push(format!(".golive-{}.tmp", std::process::id()));
    let temporary = dir.join(temporary);
    let written =
        std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

thread_local! {
    /// Set while a worker audits one project of several: the report goes
    /// here instead of to standard output.
    static CAPTURE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

fn check(args: &CheckArgs) -> Result<u8> {
    if args.more_paths.is_empty() {
        check_one(args)
    } else {
        check_many(args)
    }
}

/// `golive check A B C`: each project audited on its own (its settings,
/// its secrets) by a pool of workers, one per core, and the reports
/// written in the order given — text and workflow commands one after the
/// other, JSON as an array of the single-project documents, SARIF as one
/// log with a run per project. The exit code is the worst of them (2 when
/// a project could not be audited).
fn check_many(args: &CheckArgs) -> Result<u8> {
    if matches!(args.format, Format::Html) {
        bail!("--format html shows one project: audit several with one --output file each");
    }
    if args.baseline.is_some() || args.write_baseline.is_some() {
        bail!("a baseline belongs to one project: give one path with --baseline/--write-baseline");
    }
    let paths: Vec<std::path::PathBuf> = std::iter::once(args.project.path.clone())
        .chain(args.more_paths.iter().cloned())
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(paths.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    type Outcome = (std::result::Result<u8, String>, String);
    let results: Vec<std::sync::Mutex<Option<Outcome>>> =
        paths.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            // The evaluator recurses as deep as the main thread allows.
            let worker = std::thread::Builder::new()
                .stack_size(64 << 20)
                .spawn_scoped(scope, || {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(path) = paths.get(i) else { break };
                        let mut one = args.clone();
                        one.project.path = path.clone();
                        one.more_paths.clear();
                        one.output = None;
                        CAPTURE.set(Some(String::new()));
                        let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            check_one(&one)
                        }))
                        .unwrap_or_else(|_| Err(anyhow::anyhow!("internal error: golive crashed")))
                        .map_err(|e| format!("{e:#}"));
                        let out = CAPTURE.take().unwrap_or_default();
                        if let Ok(mut slot) = results[i].lock() {
                            *slot = Some((code, out));
                        }
                    }
                });
            if let Err(e) = worker {
                anstream::eprintln!("golive: error: cannot start a worker: {e}");
            }
        }
    });
    let mut worst = 0u8;
    let mut outputs: Vec<String> = Vec::new();
    for (path, slot) in paths.iter().zip(results) {
        let outcome = slot.into_inner().ok().flatten();
        match outcome {
            Some((Ok(code), out)) => {
                worst = worst.max(code);
                // Paths in a report are relative to its project: say which.
                outputs.push(if matches!(args.format, Format::Text) {
                    format!("Project {}\n{out}", path.display())
                } else {
                    out
                });
            }
            Some((Err(e), _)) => {
                anstream::eprintln!("golive: error: {}: {e}", path.display());
                worst = 2;
            }
            None => {
                anstream::eprintln!("golive: error: {}: not audited", path.display());
                worst = 2;
            }
        }
    }
    let combined = match args.format {
        Format::Json => {
            let docs: Vec<serde_json::Value> = outputs
                .iter()
                .map(|o| serde_json::from_str(o))
                .collect::<std::result::Result<_, _>>()?;
            format!("{}\n", serde_json::to_string_pretty(&docs)?)
        }
        Format::Sarif => {
            let mut logs = outputs
                .iter()
                .map(|o| serde_json::from_str::<serde_json::Value>(o))
                .collect::<std::result::Result<Vec<_>, _>>()?
                .into_iter();
            match logs.next() {
                Some(mut first) => {
                    for log in logs {
                        if let (Some(runs), Some(more)) = (
                            first.get_mut("runs").and_then(|r| r.as_array_mut()),
                            log.get("runs").and_then(|r| r.as_array()),
                        ) {
                            runs.extend(more.iter().cloned());
                        }
                    }
                    format!("{}\n", serde_json::to_string_pretty(&first)?)
                }
                None => String::new(),
            }
        }
        _ => outputs.join("\n"),
    };
    emit(&combined, args.output.as_deref())?;
    Ok(worst)
}

fn check_one(args: &CheckArgs) -> Result<u8> {
    let fail_on = args.fail_on.map(|f| match f {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    });
    let mut p = golive::load(&args.project.options())?;
    collect_secrets(&p.ws, &[&p.configured, &p.unset], &cli_env(&args.project));
    ensure_auditable(&p)?;
    let policy = golive::Policy::new(&p.config, &args.select, &args.ignore, fail_on)?;
    if let Some(url) = &args.probe {
        let observation = observe(
            Some(url),
            args.probe_replay.as_deref(),
            &LiveOptions {
                insecure: args.probe_insecure,
                ca: args.probe_ca.as_deref(),
                http_url: None,
                health: None,
                timeout: 5,
            },
        )?;
        p.attach_probe(observation);
    }
    let report = golive::audit(&p, &policy);
    let golive::Report {
        diagnostics: all,
        blocked,
        silenced,
        live,
        fails: _,
    } = &report;
    let sources = p.ws.sources.borrow();
    // Over every finding, before a baseline takes any away: a finding's
    // fingerprint does not depend on which others the baseline records.
    // Only baselines and SARIF carry fingerprints: hashing every finding's
    // context is work the other formats do not need.
    let needs_fingerprints = args.write_baseline.is_some()
        || args.baseline.is_some()
        || matches!(args.format, Format::Sarif);
    let all_fingerprints = if needs_fingerprints {
        golive_report::fingerprints(all, &sources)
    } else {
        Vec::new()
    };
    if let Some(path) = &args.write_baseline {
        let baseline = golive_report::Baseline::record(all, &all_fingerprints, &sources);
        emit(&baseline.to_json(), Some(path))?;
        anstream::eprintln!(
            "golive: recorded {} finding{} in {}",
            all.len(),
            if all.len() == 1 { "" } else { "s" },
            path.display()
        );
        drop(sources);
        exit_without_teardown((p, report));
        return Ok(0);
    }
    let baseline = match &args.baseline {
        Some(path) => Some(read_baseline(path)?.apply(all, &all_fingerprints)),
        None => None,
    };
    let kept = |i: &usize| baseline.as_ref().is_none_or(|b| !b.baselined[*i]);
    let diagnostics: &Vec<Diagnostic> = &(0..all.len())
        .filter(kept)
        .map(|i| all[i].clone())
        .collect();
    let fingerprints: Vec<String> = (0..all.len())
        .filter(kept)
        .filter_map(|i| all_fingerprints.get(i).cloned())
        .collect();
    let fails = diagnostics.iter().any(|d| d.severity >= policy.fail_on);
    let baseline_text = match (&baseline, &args.baseline) {
        (Some(b), Some(path)) => baseline_note(b, path),
        _ => String::new(),
    };
    let live_summary = live.as_ref().map(|g| golive_report::LiveSummary {
        target: g.target.clone(),
        grade: golive_report::Grade {
            letter: g.letter.into(),
            score: g.score,
        },
        incomplete: g.incomplete.clone(),
    });
    match args.format {
        Format::Text => {
            let color = use_color(args.no_color, args.output.as_deref());
            let started = std::time::Instant::now();
            let mut text = golive_report::check_text(diagnostics, &sources, &p.header, color);
            golive::timing("report", started);
            if let Some((n, span)) = silenced {
                let n = *n;
                let f = sources.get(span.file);
                text.push_str(&format!(
                    "{n} finding{} of Django's checks silenced by SILENCED_SYSTEM_CHECKS ({}:{}), as `check --deploy` silences them.\n",
                    if n == 1 { "" } else { "s" },
                    f.path,
                    f.line_col(span.range.start()).line
                ));
            }
            text.push_str(&baseline_text);
            if let Some(g) = live {
                if g.letter == golive_linter::UNGRADED {
                    text.push_str(&format!(
                        "Live grade of {}: n/a (the start URL does not lead to a page of the site)\n",
                        g.target
                    ));
                } else {
                    text.push_str(&format!(
                        "Live grade of {}: {} ({}/100; docs/grade.md)\n",
                        g.target, g.letter, g.score
                    ));
                }
                for note in &g.incomplete {
                    text.push_str(&format!("note: {note}\n"));
                }
            }
            if args.verbose {
                let open: Vec<&golive_python::Note> = p
                    .configured
                    .notes
                    .iter()
                    .filter(|n| n.kind == golive_python::NoteKind::OpenNamespace)
                    .collect();
                if !open.is_empty() {
                    text.push_str("\nWhat golive could not follow (settings it did not see assigned are unknown, not Django's defaults):\n");
                    for n in open {
                        let at = n.span.map(|s| {
                            let f = sources.get(s.file);
                            format!("{}:{}: ", f.path, f.line_col(s.range.start()).line)
                        });
                        text.push_str(&format!("  {}{}\n", at.unwrap_or_default(), n.message));
                    }
                }
            }
            if args.verbose && !blocked.is_empty() {
                text.push_str("\nChecks that could not decide (a value they need is unknown):\n");
                for b in blocked {
                    text.push_str(&format!(
                        "  {} {} [{}]: {} — {}\n",
                        b.check.code,
                        b.check.name,
                        b.scenario.as_str(),
                        b.blocked.setting,
                        b.blocked.reason
                    ));
                }
            }
            emit(&text, args.output.as_deref())?;
        }
        Format::Json => {
            let mut json = golive_report::check_json(
                diagnostics,
                &sources,
                &p.header,
                *silenced,
                live_summary,
            );
            json.baseline = baseline
                .as_ref()
                .zip(args.baseline.as_ref())
                .map(|(b, path)| golive_report::BaselineSummary {
                    path: path.display().to_string(),
                    baselined: b.baselined_count(),
                    stale: b.stale.clone(),
                });
            emit(
                &format!("{}\n", serde_json::to_string_pretty(&json)?),
                args.output.as_deref(),
            )?;
        }
        Format::Sarif => {
            let log = golive_report::sarif(
                diagnostics,
                &fingerprints,
                &sources,
                &golive_report::SarifContext {
                    live: live_summary.as_ref(),
                    baseline: baseline
                        .as_ref()
                        .map(|b| (b.baselined_count(), b.stale.len())),
                    base: &golive_report::project_base(&args.project.path),
                },
            );
            emit(
                &format!("{}\n", serde_json::to_string_pretty(&log)?),
                args.output.as_deref(),
            )?;
        }
        Format::Github => {
            emit(
                &golive_report::github(
                    diagnostics,
                    &sources,
                    &golive_report::project_base(&args.project.path),
                ),
                args.output.as_deref(),
            )?;
        }
        Format::Html => {
            emit(
                &golive_report::html(
                    diagnostics,
                    &sources,
                    golive_report::HtmlSubject::Check(&p.header),
                    live_summary.as_ref(),
                ),
                args.output.as_deref(),
            )?;
        }
    }
    // Machine-readable formats keep stdout to their document (JSON
    // carries the baseline's effect itself); people read the note.
    if matches!(args.format, Format::Sarif | Format::Github | Format::Html)
        && !baseline_text.is_empty()
    {
        anstream::eprint!("{baseline_text}");
    }
    let code = u8::from(fails);
    drop(sources);
    exit_without_teardown((p, report));
    Ok(code)
}

/// The most golive reads of a file named on its command line (a baseline,
/// a recording, a CA bundle): far above any real one, and a bound on the
/// memory a wrong path (`--baseline /dev/zero`) can take.
const MAX_ARGUMENT_FILE: u64 = 64 * 1024 * 1024;

/// [`golive::read_argument_file`] of at most [`MAX_ARGUMENT_FILE`] bytes.
fn read_argument_file(path: &std::path::Path, what: &str) -> Result<Vec<u8>> {
    Ok(golive::read_argument_file(path, what, MAX_ARGUMENT_FILE)?)
}

/// [`read_argument_file`], as UTF-8 text.
fn read_argument_text(path: &std::path::Path, what: &str) -> Result<String> {
    String::from_utf8(read_argument_file(path, what)?)
        .map_err(|_| anyhow::anyhow!("{what} {} is not UTF-8 text", path.display()))
}

fn read_baseline(path: &std::path::Path) -> Result<golive_report::Baseline> {
    let text = read_argument_text(path, "the baseline")?;
    golive_report::Baseline::parse(&text).with_context(|| format!("{}", path.display()))
}

/// How many findings a baseline took away, and the entries it holds that
/// match nothing any more (so that the file can shrink).
fn baseline_note(outcome: &golive_report::BaselineOutcome, path: &std::path::Path) -> String {
    let n = outcome.baselined_count();
    let mut text = format!(
        "{n} finding{} recorded in the baseline {} not shown.\n",
        if n == 1 { "" } else { "s" },
        path.display()
    );
    if !outcome.stale.is_empty() {
        let m = outcome.stale.len();
        text.push_str(&format!(
            "{m} baseline entr{} no longer match{} (fixed or changed; --write-baseline rewrites the file without {}):\n",
            if m == 1 { "y" } else { "ies" },
            if m == 1 { "es" } else { "" },
            if m == 1 { "it" } else { "them" },
        ));
        for e in &outcome.stale {
            text.push_str(&format!(
                "  {} {} {} ({})\n",
                e.code, e.name, e.path, e.fingerprint
            ));
        }
    }
    text
}

/// Exit code 2 when there is nothing golive can audit, or the module the
/// user named does not exist.
fn ensure_auditable(p: &golive::Project) -> Result<()> {
    if p.ws.discovery.pinned && !p.module_found {
        bail!(
            "settings module `{}` does not exist in {} ({})",
            p.module.as_deref().unwrap_or(""),
            p.root.display(),
            p.header.settings_reason
        );
    }
    if !p.ws.has_auditable_content() {
        let trees = p.ws.template_trees();
        if trees.is_empty() {
            bail!(
                "no Django project and no deployment file found in {}",
                p.root.display()
            );
        }
        let list: Vec<String> = trees
            .iter()
            .map(|(t, n, _)| format!("{t} ({n} file{})", if *n == 1 { "" } else { "s" }))
            .collect();
        bail!(
            "nothing to audit in {}: it holds only templates ({}); golive audits rendered projects — render the template and audit the result",
            p.root.display(),
            list.join(", ")
        );
    }
    Ok(())
}

/// The process is about to exit: freeing the parsed trees (which can be
/// deep for hostile input, and take time for large projects) is wasted work.
fn exit_without_teardown<T>(value: T) {
    std::mem::forget(value);
}

/// How to make a live probe (the flags of `golive probe` and of
/// `golive check --probe`).
struct LiveOptions<'a> {
    insecure: bool,
    ca: Option<&'a std::path::Path>,
    http_url: Option<String>,
    health: Option<String>,
    timeout: u64,
}

/// A live probe of `url`, or a recorded one (`--replay`).
fn observe(
    url: Option<&str>,
    replay: Option<&std::path::Path>,
    live: &LiveOptions<'_>,
) -> Result<golive_probe::Observation> {
    match (replay, url) {
        (Some(path), _) => {
            let text = read_argument_text(path, "the recording")?;
            let mut observation: golive_probe::Observation = serde_json::from_str(&text)
                .with_context(|| {
                    format!("{} is not a recorded golive observation", path.display())
                })?;
            // A recording made by hand or by another tool.
            observation.redact_credentials();
            Ok(observation)
        }
        (None, Some(url)) => {
            // `--timeout` is 1..=300 s (clap); the deadline is 4 × it.
            let mut options = golive_probe::ProbeOptions {
                insecure: live.insecure,
                http_url: live.http_url.clone(),
                health: live.health.clone(),
                ..golive_probe::ProbeOptions::with_timeout(std::time::Duration::from_secs(
                    live.timeout.clamp(1, crate::args::MAX_TIMEOUT),
                ))
            };
            if let Some(path) = live.ca {
                let pem = read_argument_file(path, "the CA file")?;
                options
                    .trust_pem(&pem)
                    .with_context(|| path.display().to_string())?;
            }
            Ok(golive_probe::probe(url, &options)?)
        }
        (None, None) => bail!("give the site's URL, or --replay FILE"),
    }
}

fn probe(args: &ProbeArgs) -> Result<u8> {
    for s in args.select.iter().chain(args.ignore.iter()) {
        if !golive_linter::selector_is_known(s) {
            bail!("unknown rule selector `{s}`");
        }
    }
    let observation = observe(
        args.url.as_deref(),
        args.replay.as_deref(),
        &LiveOptions {
            insecure: args.insecure,
            ca: args.ca.as_deref(),
            http_url: args.http_url.clone(),
            health: args.health.clone(),
            timeout: args.timeout,
        },
    )?;
    if let Some(path) = &args.record {
        // A live observation holds no cookie value already; a replayed one
        // may (recordings made before, or by hand).
        let mut recorded = observation.clone();
        recorded.scrub_secrets();
        std::fs::write(path, serde_json::to_string_pretty(&recorded)? + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let (transcript, lines) = golive_probe::transcript(&observation);
    let mut sources = golive_source::SourceDb::new();
    let file = sources.add(golive_source::SourceFile::new(
        format!("probe of {}", observation.target),
        std::path::PathBuf::from("<probe>"),
        transcript.clone(),
        golive_source::SourceKind::ProbeTranscript,
    ));
    let selection = golive_linter::Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let mut diagnostics: Vec<Diagnostic> =
        golive_linter::audit_probe(&observation, &transcript, &lines, file)
            .into_iter()
            .filter(|d| selection.enabled(d.rule))
            .collect();
    golive_linter::sort_diagnostics(&mut diagnostics, &sources);
    let (score, letter) = golive_linter::grade(&diagnostics);
    match args.format {
        Format::Text => {
            let color = use_color(args.no_color, args.output.as_deref());
            let n = observation.exchanges.len();
            let mut text = format!(
                "Probing {} ({n} request{})\n",
                observation.target,
                if n == 1 { "" } else { "s" }
            );
            if let Some(why) = &observation.untrusted {
                text.push_str(&format!(
                    "note: the certificate is not trusted ({why}); the site was probed without verifying it, to judge the rest\n"
                ));
            }
            for note in &observation.incomplete {
                text.push_str(&format!("note: {note}\n"));
            }
            text.push('\n');
            text.push_str(&golive_report::findings_text(&diagnostics, &sources, color));
            if letter == golive_linter::UNGRADED {
                text.push_str("Grade: n/a (the start URL does not lead to a page of the site)\n");
            } else {
                text.push_str(&format!("Grade: {letter} ({score}/100; docs/grade.md)\n"));
            }
            emit(&text, args.output.as_deref())?;
        }
        Format::Json => {
            let json = golive_report::probe_json(
                &diagnostics,
                &sources,
                &observation.target,
                observation.exchanges.len(),
                &observation.incomplete,
                observation.untrusted.as_deref(),
                golive_report::Grade {
                    letter: letter.into(),
                    score,
                },
            );
            emit(
                &format!("{}\n", serde_json::to_string_pretty(&json)?),
                args.output.as_deref(),
            )?;
        }
        Format::Sarif => {
            let live = golive_report::LiveSummary {
                target: observation.target.clone(),
                grade: golive_report::Grade {
                    letter: letter.into(),
                    score,
                },
                incomplete: observation.incomplete.clone(),
            };
            let fingerprints = golive_report::fingerprints(&diagnostics, &sources);
            let log = golive_report::sarif(
                &diagnostics,
                &fingerprints,
                &sources,
                &golive_report::SarifContext {
                    live: Some(&live),
                    baseline: None,
                    base: "",
                },
            );
            emit(
                &format!("{}\n", serde_json::to_string_pretty(&log)?),
                args.output.as_deref(),
            )?;
        }
        Format::Github => {
            emit(
                &golive_report::github(&diagnostics, &sources, ""),
                args.output.as_deref(),
            )?;
        }
        Format::Html => {
            let live = golive_report::LiveSummary {
                target: observation.target.clone(),
                grade: golive_report::Grade {
                    letter: letter.into(),
                    score,
                },
                incomplete: observation.incomplete.clone(),
            };
            emit(
                &golive_report::html(
                    &diagnostics,
                    &sources,
                    golive_report::HtmlSubject::Probe {
                        target: &observation.target,
                    },
                    Some(&live),
                ),
                args.output.as_deref(),
            )?;
        }
    }
    let fail_on = match args.fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Info) => Severity::Info,
        _ => Severity::Warning,
    };
    Ok(u8::from(diagnostics.iter().any(|d| d.severity >= fail_on)))
}

fn settings(args: &SettingsArgs) -> Result<u8> {
    let p = golive::load(&args.project.options())?;
    collect_secrets(&p.ws, &[&p.configured, &p.unset], &cli_env(&args.project));
    ensure_auditable(&p)?;
    let sources = p.ws.sources.borrow();
    match args.format {
        SettingsFormat::Json => {
            let json = golive_report::settings_json(&p.configured, &p.unset, &sources, &p.header);
            write_stdout(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
        }
        SettingsFormat::Text => {
            write_stdout(&golive_report::settings_text(
                &p.configured,
                &p.unset,
                &sources,
                &p.header,
                args.all,
            ))?;
        }
    }
    let found = p.module_found;
    if !found {
        anstream::eprintln!(
            "golive: no settings module evaluated: {}",
            p.header.settings_reason
        );
    }
    drop(sources);
    exit_without_teardown(p);
    Ok(u8::from(!found))
}

fn project_model(args: &ProjectCommandArgs) -> Result<u8> {
    let (_, _, ws) = golive::open(&args.project.options())?;
    // Classifying the files may parse modules the audit did not (what the
    // settings module star-imports), which enters them in the source
    // database: before its secrets are collected and it is borrowed.
    let files = ws.files();
    collect_secrets(&ws, &[], &cli_env(&args.project));
    let sources = ws.sources.borrow();
    match args.format {
        SettingsFormat::Text => write_stdout(&golive_report::project_text(&ws, &files, &sources))?,
        SettingsFormat::Json => write_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&golive_report::project_json(&ws, &files, &sources))?
        ))?,
    }
    drop(sources);
    exit_without_teardown(ws);
    Ok(0)
}

fn rule(code: &str) -> Result<u8> {
    let Some(rule) = golive_linter::find_rule(code) else {
        bail!("no rule `{code}` (see `golive rules`)")
    };
    let mut text = format!("# {} ({})\n\n", rule.name, rule.code);
    text.push_str(&format!("Severity: {}", rule.severity.as_str()));
    if let Some(id) = rule.django_id {
        text.push_str(&format!(" · Django check: {id}"));
    }
    if let Some((major, minor)) = rule.since_django {
        text.push_str(&format!(" · Django {major}.{minor}+"));
    }
    text.push_str("\n\n");
    text.push_str(&golive_report::strip_doc_indent(rule.doc));
    write_stdout(&text)?;
    Ok(0)
}

/// Whether to colour the report: never into a file (`--output`), never
/// with `--no-color` or a non-empty
/// `NO_COLOR` (no-color.org); always with a `CLICOLOR_FORCE` other than
/// `0` (bixense.com/clicolors); otherwise when standard output is a
/// terminal that is not `TERM=dumb`.
fn use_color(no_color_flag: bool, output: Option<&std::path::Path>) -> bool {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    // A report written to a file is never coloured.
    if no_color_flag || output.is_some() || set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    std::io::stdout().is_terminal() && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// `golive rules` as a table: a header, one rule per line, the summary
/// wrapped under its column to `width` (the terminal's; unwrapped when
/// the output is not a terminal, so that `grep` sees one line per rule).
fn rules_table(rules: &[&'static golive_linter::RuleMeta], width: Option<usize>) -> String {
    const SUMMARY_AT: usize = 7 + 1 + 34 + 1 + 8 + 1 + 14 + 1;
    let mut t = format!(
        "{:<7} {:<34} {:<8} {:<14} {}\n",
        "CODE", "NAME", "SEVERITY", "DJANGO ID", "SUMMARY"
    );
    for r in rules {
        let mut line = format!(
            "{:<7} {:<34} {:<8} {:<14} ",
            r.code,
            r.name,
            r.severity.as_str(),
            r.django_id.unwrap_or("-"),
        );
        let summary = r.summary();
        match width.filter(|w| *w >= SUMMARY_AT + 20) {
            Some(w) => {
                // Past a long name the summary starts later: wrap from there.
                let mut col = line.chars().count();
                let mut first = true;
                for word in summary.split_whitespace() {
                    let n = word.chars().count();
                    if !first && col + 1 + n > w {
                        line.push('\n');
                        line.push_str(&" ".repeat(SUMMARY_AT));
                        col = SUMMARY_AT;
                        first = true;
                    }
                    if !first {
                        line.push(' ');
                        col += 1;
                    }
                    line.push_str(word);
                    col += n;
                    first = false;
                }
            }
            None => line.push_str(&summary),
        }
        t.push_str(line.trim_end());
        t.push('\n');
    }
    t
}

fn rules(format: RulesFormat) -> Result<u8> {
    let rules = golive_linter::all_rules();
    let text = match format {
        RulesFormat::Text => {
            let width = std::io::stdout()
                .is_terminal()
                .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
                .flatten();
            rules_table(&rules, width)
        }
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({"code": r.code, "name": r.name, "severity": r.severity.as_str(), "django_id": r.django_id,
                        "since_django": r.since_django.map(|(a, b)| format!("{a}.{b}")), "summary": r.summary(), "doc": golive_report::strip_doc_indent(r.doc)})
                })
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&list)?)
        }
        RulesFormat::Markdown => golive_linter::rules_markdown(),
    };
    write_stdout(&text)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::rules_table;

    #[test]
    fn the_rules_table_has_a_header_and_wraps_to_the_terminal() {
        let rules = golive_linter::all_rules();
        let narrow = rules_table(&rules, Some(90));
        assert!(narrow.starts_with("CODE    NAME "), "{narrow}");
        for line in narrow.lines() {
            // A name longer than its column, or one word longer than the
            // summary's column, cannot fit.
            let long_name = line.split_whitespace().nth(1).is_some_and(|n| n.len() > 34);
            let one_long_word = line.split_whitespace().count() == 1;
            assert!(
                line.chars().count() <= 90 || long_name || one_long_word,
                "too wide: {line}"
            );
        }
        // Not a terminal: one line per rule, whatever its length.
        let piped = rules_table(&rules, None);
        assert_eq!(piped.lines().count(), rules.len() + 1);
        assert!(narrow.lines().count() > piped.lines().count());
    }
}
