//! Command lines that start a Django process — wherever they are written
//! (Dockerfile CMD, compose `command`, Procfile, systemd `ExecStart`, an
//! entrypoint script) — read into what they start: gunicorn, uvicorn,
//! daphne, uwsgi, or `manage.py runserver`, and with which options.

/// The program a command line starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerKind {
    Gunicorn,
    Uvicorn,
    Daphne,
    Uwsgi,
    Hypercorn,
    Runserver,
}

impl ServerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gunicorn => "gunicorn",
            Self::Uvicorn => "uvicorn",
            Self::Daphne => "daphne",
            Self::Uwsgi => "uwsgi",
            Self::Hypercorn => "hypercorn",
            Self::Runserver => "runserver",
        }
    }
}

/// A numeric option (a worker count, a timeout) as the program that reads
/// it parses it: the text the user wrote, for messages, and the number the
/// program takes from it. Rules compare the number, never the text: `-w 01`
/// is one worker to gunicorn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumericOption {
    /// As written.
    pub text: String,
    /// What the program reads; `None` when that depends on something golive
    /// cannot see (`$WORKERS`, a uwsgi `%(...)` or `$(...)` placeholder, a
    /// computed value) or when the program refuses the text and does not
    /// start (`-w four`, a negative count).
    pub value: Option<u64>,
}

impl NumericOption {
    /// A command-line value of gunicorn, uvicorn or hypercorn: argparse's
    /// and click's `type=int` call Python's `int(text)`, and gunicorn
    /// refuses a negative number (`validate_pos_int`).
    pub(crate) fn python_cli(text: &str) -> Self {
        Self::new(text, |t| python_int(t, false))
    }

    /// A `gunicorn.conf.py` value given as a string: gunicorn's
    /// `validate_pos_int` calls `int(text, 0)`, which takes `0x1f` but
    /// refuses `01`.
    pub(crate) fn python_base0(text: &str) -> Self {
        Self::new(text, |t| python_int(t, true))
    }

    /// A uwsgi value (command line or ini): `uwsgi_opt_set_int` in
    /// `core/uwsgi.c` stores `atoi(value)` and exits when it is negative.
    /// atoi reads leading blanks, a sign and the digits up to the first
    /// other character, so `30s` is 30 and `off` is 0. Placeholders
    /// (`$(VAR)`, `%(var)`, `%k`, `@(file)`) are expanded by uwsgi before
    /// that, so a value holding one is not known here.
    pub(crate) fn uwsgi(text: &str) -> Self {
        Self::new(text, |t| {
            if t.contains(['%', '@']) {
                None
            } else {
                c_atoi(t)
            }
        })
    }

    /// A number known to golive, written as `text` (a value of a Python
    /// configuration file).
    pub(crate) fn known(text: String, value: Option<u64>) -> Self {
        Self { text, value }
    }

    fn new(text: &str, parse: impl Fn(&str) -> Option<i64>) -> Self {
        // The shell expands `$VAR` and `` `cmd` `` before the program
        // sees the word.
        let value = if text.contains(['$', '`']) {
            None
        } else {
            parse(text).and_then(|v| u64::try_from(v).ok())
        };
        Self {
            text: text.to_string(),
            value,
        }
    }
}

/// The white space Python's `int()` and C's `isspace` (C locale) skip.
const ASCII_SPACE: [char; 6] = [' ', '\t', '\n', '\x0b', '\x0c', '\r'];

/// Python's `int(text)` (base 10) or `int(text, 0)` (`base0`): surrounding
/// white space, one sign, digits with single underscores between them;
/// base 10 takes leading zeros (`007`), base 0 takes the `0x`/`0o`/`0b`
/// prefixes and refuses a leading zero unless every digit is one. Non-ASCII
/// text (int() also takes Unicode digits and spaces) and numbers beyond
/// `i64` are left unknown.
fn python_int(text: &str, base0: bool) -> Option<i64> {
    if !text.is_ascii() {
        return None;
    }
    let t = text.trim_matches(ASCII_SPACE);
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let prefixed = |p: [&str; 2]| {
        base0
            .then(|| body.strip_prefix(p[0]).or_else(|| body.strip_prefix(p[1])))
            .flatten()
    };
    let (radix, digits) = if let Some(d) = prefixed(["0x", "0X"]) {
        (16, d.strip_prefix('_').unwrap_or(d))
    } else if let Some(d) = prefixed(["0o", "0O"]) {
        (8, d.strip_prefix('_').unwrap_or(d))
    } else if let Some(d) = prefixed(["0b", "0B"]) {
        (2, d.strip_prefix('_').unwrap_or(d))
    } else {
        (10, body)
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    if base0 && radix == 10 && clean.starts_with('0') && clean.chars().any(|c| c != '0') {
        return None;
    }
    let v = i64::from_str_radix(&clean, radix).ok()?;
    Some(if negative { -v } else { v })
}

/// C's `atoi` as glibc implements it, `(int) strtol(text, NULL, 10)`:
/// leading white space, one sign, then the digits up to the first other
/// character; no digits is 0. Beyond `int`, the cast truncates: unknown.
fn c_atoi(text: &str) -> Option<i64> {
    let t = text.trim_start_matches(ASCII_SPACE);
    let (negative, rest) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let digits = &rest[..end];
    if digits.is_empty() {
        return Some(0);
    }
    let v: i64 = digits.parse().ok()?;
    let v = if negative { -v } else { v };
    i32::try_from(v).ok().map(i64::from)
}

/// An application server as one command line starts it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerCommand {
    pub kind: Option<ServerKind>,
    /// Listen addresses (`0.0.0.0:8000`, `unix:/run/app.sock`).
    pub binds: Vec<String>,
    pub workers: Option<NumericOption>,
    pub reload: bool,
    pub timeout: Option<NumericOption>,
    /// `-c FILE` / `--config FILE` (gunicorn), `--ini FILE` (uwsgi).
    pub config: Option<String>,
    /// The WSGI/ASGI application (`shop.wsgi:application`).
    pub app: Option<String>,
    /// `--settings` (runserver) or `--env DJANGO_SETTINGS_MODULE=…`.
    pub settings_module: Option<String>,
    /// Variables set on the command line (`VAR=value gunicorn …`,
    /// `--env VAR=value`).
    pub env: Vec<(String, String)>,
    /// The unprivileged user the server switches to (gunicorn `--user`,
    /// uwsgi `--uid`).
    pub user: Option<String>,
    /// uwsgi's `--master` and `--harakiri`.
    pub master: bool,
    pub harakiri: Option<NumericOption>,
    /// The whole command, for messages.
    pub text: String,
}

/// Words that run the next word as the real command.
const WRAPPERS: &[&str] = &[
    "exec",
    "poetry",
    "uv",
    "pipenv",
    "pdm",
    "hatch",
    "rye",
    "newrelic-admin",
    "ddtrace-run",
    "opentelemetry-instrument",
    "dumb-init",
    "tini",
    "su-exec",
    "gosu",
    "sudo",
    "nohup",
    "env",
    "time",
    "run",
    "run-program",
    "--",
];

/// Every application server a command line starts. Shell chains
/// (`migrate && gunicorn …`), `sh -c "…"` and wrappers (`exec`, `poetry
/// run`, `newrelic-admin run-program`) are looked through.
pub fn parse_command(line: &str) -> Vec<ServerCommand> {
    let mut out = Vec::new();
    parse_into(line, &mut out, 0);
    out
}

fn parse_into(line: &str, out: &mut Vec<ServerCommand>, depth: usize) {
    if depth > 4 {
        return;
    }
    let words =
        shlex::split(line).unwrap_or_else(|| line.split_whitespace().map(str::to_string).collect());
    let mut segment: Vec<String> = Vec::new();
    for w in words {
        if matches!(w.as_str(), "&&" | "||" | ";" | "|" | "&") {
            parse_segment(&segment, out, depth);
            segment.clear();
        } else if let Some(stripped) = w.strip_suffix(';') {
            if !stripped.is_empty() {
                segment.push(stripped.to_string());
            }
            parse_segment(&segment, out, depth);
            segment.clear();
        } else {
            segment.push(w);
        }
    }
    parse_segment(&segment, out, depth);
}

fn basename(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

fn parse_segment(words: &[String], out: &mut Vec<ServerCommand>, depth: usize) {
    let mut i = 0;
    let mut env = Vec::new();
    // Leading assignments and wrappers.
    while i < words.len() {
        let w = words[i].as_str();
        if let Some((k, v)) = w.split_once('=')
            && !k.is_empty()
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !k.starts_with('-')
        {
            env.push((k.to_string(), v.to_string()));
            i += 1;
        } else if WRAPPERS.contains(&basename(w)) {
            // `gosu user cmd`, `su-exec user cmd`: skip the user too.
            if matches!(basename(w), "gosu" | "su-exec") {
                i += 1;
            }
            i += 1;
        } else if w.starts_with('-') && i > 0 && WRAPPERS.contains(&basename(&words[i - 1])) {
            // Options of a wrapper (`tini -g --`).
            i += 1;
        } else {
            break;
        }
    }
    let Some(program) = words.get(i) else { return };
    let prog = basename(program);
    let rest = &words[i + 1..];
    if matches!(prog, "sh" | "bash" | "ash" | "dash" | "zsh") {
        if let Some(pos) = rest
            .iter()
            .position(|w| w == "-c" || w == "-ec" || w == "-ce" || w == "-xc")
            && let Some(script) = rest.get(pos + 1)
        {
            parse_into(script, out, depth + 1);
        }
        return;
    }
    let text = words[i..].join(" ");
    let mut cmd = ServerCommand {
        env,
        text,
        ..ServerCommand::default()
    };
    let args: &[String];
    if prog.starts_with("python") {
        // `python -m gunicorn …`, `python manage.py runserver …`
        match rest.first().map(String::as_str) {
            Some("-m") => {
                let Some(module) = rest.get(1) else { return };
                cmd.kind = kind_of(module);
                args = &rest[2..];
            }
            Some(script)
                if basename(script) == "manage.py"
                    && rest
                        .get(1)
                        .is_some_and(|c| c == "runserver" || c == "runserver_plus") =>
            {
                cmd.kind = Some(ServerKind::Runserver);
                args = &rest[2..];
            }
            _ => return,
        }
    } else if (prog == "manage.py" || prog == "django-admin" || prog == "django-admin.py")
        && rest
            .first()
            .is_some_and(|c| c == "runserver" || c == "runserver_plus")
    {
        cmd.kind = Some(ServerKind::Runserver);
        args = &rest[1..];
    } else {
        cmd.kind = kind_of(prog);
        args = rest;
    }
    let Some(kind) = cmd.kind else { return };
    read_options(kind, args, &mut cmd);
    out.push(cmd);
}

fn kind_of(program: &str) -> Option<ServerKind> {
    match program {
        "gunicorn" | "gunicorn3" => Some(ServerKind::Gunicorn),
        "uvicorn" => Some(ServerKind::Uvicorn),
        "daphne" => Some(ServerKind::Daphne),
        "uwsgi" => Some(ServerKind::Uwsgi),
        "hypercorn" => Some(ServerKind::Hypercorn),
        _ => None,
    }
}

/// Options that take no value, so the word after them is not theirs.
const FLAGS: &[&str] = &[
    "--reload",
    "--preload",
    "--daemon",
    "-D",
    "--noreload",
    "--nothreading",
    "--master",
    "-M",
    "--enable-threads",
    "--vacuum",
    "--die-on-term",
    "--lazy-apps",
    "--insecure",
    "--proxy-headers",
    "--no-proxy-headers",
    "--no-access-log",
    "--access-log",
    "--use-colors",
    "--no-use-colors",
    "--single-interpreter",
    "--strict",
    "--need-app",
    "--capture-output",
    "--check-config",
    "--print-config",
    "--spew",
    "--http2",
    "--ws-per-message-deflate",
    "--noinput",
    "--ipv6",
    "-6",
];

/// Splits `--name=value` and `--name value` alike.
fn options(args: &[String]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if let Some(body) = a.strip_prefix("--") {
            if let Some((k, v)) = body.split_once('=') {
                out.push((format!("--{k}"), Some(v.to_string())));
            } else if FLAGS.contains(&a.as_str()) {
                out.push((a.clone(), None));
            } else {
                // A lone `-` is a value (stdout, `--access-logfile -`).
                let next = args
                    .get(i + 1)
                    .filter(|n| !n.starts_with('-') || n.as_str() == "-");
                if next.is_some() {
                    i += 1;
                }
                out.push((a.clone(), next.cloned()));
            }
        } else if a.starts_with('-') && a.len() >= 2 {
            let (flag, attached) = a.split_at(2);
            if FLAGS.contains(&flag) && attached.is_empty() {
                out.push((flag.to_string(), None));
            } else if attached.is_empty() {
                let next = args
                    .get(i + 1)
                    .filter(|n| !n.starts_with('-') || n.as_str() == "-");
                if next.is_some() {
                    i += 1;
                }
                out.push((flag.to_string(), next.cloned()));
            } else {
                out.push((
                    flag.to_string(),
                    Some(attached.trim_start_matches('=').to_string()),
                ));
            }
        } else {
            out.push((String::new(), Some(a.clone())));
        }
        i += 1;
    }
    out
}

fn read_options(kind: ServerKind, args: &[String], cmd: &mut ServerCommand) {
    let opts = options(args);
    let mut host: Option<String> = None;
    let mut port: Option<String> = None;
    // Options that take no value: their "value" is really the next word.
    let mut positional_taken = false;
    for (k, v) in &opts {
        let v = v.clone();
        match (kind, k.as_str()) {
            (ServerKind::Gunicorn | ServerKind::Hypercorn, "-b" | "--bind") => cmd.binds.extend(v),
            (
                ServerKind::Gunicorn | ServerKind::Hypercorn | ServerKind::Uvicorn,
                "-w" | "--workers",
            ) => cmd.workers = v.as_deref().map(NumericOption::python_cli),
            (ServerKind::Uwsgi, "--processes" | "-p" | "--workers") => {
                cmd.workers = v.as_deref().map(NumericOption::uwsgi)
            }
            (ServerKind::Gunicorn, "-t" | "--timeout") => {
                cmd.timeout = v.as_deref().map(NumericOption::python_cli)
            }
            (ServerKind::Gunicorn | ServerKind::Hypercorn, "-c" | "--config") => cmd.config = v,
            (ServerKind::Uwsgi, "--ini" | "--yaml" | "--xml" | "--json") => cmd.config = v,
            (ServerKind::Gunicorn, "-u" | "--user") | (ServerKind::Uwsgi, "--uid") => cmd.user = v,
            (ServerKind::Uwsgi, "--env") => {
                if let Some((name, value)) = v.as_deref().and_then(|v| v.split_once('=')) {
                    if name == "DJANGO_SETTINGS_MODULE" {
                        cmd.settings_module = Some(value.to_string());
                    }
                    cmd.env.push((name.to_string(), value.to_string()));
                }
            }
            (ServerKind::Gunicorn, "-e" | "--env") => {
                if let Some((name, value)) = v.as_deref().and_then(|v| v.split_once('=')) {
                    if name == "DJANGO_SETTINGS_MODULE" {
                        cmd.settings_module = Some(value.to_string());
                    }
                    cmd.env.push((name.to_string(), value.to_string()));
                }
            }
            (_, "--reload" | "--py-autoreload" | "--autoreload") => cmd.reload = true,
            (ServerKind::Uvicorn | ServerKind::Daphne, "--host") => host = v,
            (ServerKind::Daphne, "-b" | "--bind") => host = v,
            (ServerKind::Uvicorn | ServerKind::Daphne, "--port") => port = v,
            (ServerKind::Daphne, "-p") => port = v,
            (ServerKind::Uvicorn, "--uds") | (ServerKind::Daphne, "-u" | "--unix-socket") => {
                cmd.binds.extend(v.map(|s| format!("unix:{s}")))
            }
            (
                ServerKind::Uwsgi,
                "--http" | "--http-socket" | "--socket" | "-s" | "--uwsgi-socket",
            ) => cmd.binds.extend(v),
            (ServerKind::Uwsgi, "--master" | "-M") => cmd.master = true,
            (ServerKind::Uwsgi, "--harakiri") => {
                cmd.harakiri = v.as_deref().map(NumericOption::uwsgi)
            }
            (ServerKind::Uwsgi, "--module" | "--wsgi-file") => cmd.app = v,
            (ServerKind::Runserver, "--settings") => cmd.settings_module = v,
            (ServerKind::Gunicorn, "--settings") => cmd.settings_module = v,
            (_, "") => {
                // A positional word: the app (servers) or the address
                // (runserver).
                if let Some(word) = v {
                    if kind == ServerKind::Uwsgi
                        && [".ini", ".yaml", ".yml", ".xml", ".json"]
                            .iter()
                            .any(|e| word.ends_with(e))
                    {
                        // `uwsgi path/to/app.ini`: a positional configuration file.
                        cmd.config.get_or_insert(word);
                    } else if kind == ServerKind::Runserver {
                        if !positional_taken {
                            cmd.binds.push(word);
                            positional_taken = true;
                        }
                    } else if cmd.app.is_none() {
                        cmd.app = Some(word);
                    }
                }
            }
            _ => {}
        }
    }
    if kind == ServerKind::Runserver {
        cmd.reload = !args.iter().any(|a| a == "--noreload");
    }
    if host.is_some() || port.is_some() {
        // Both uvicorn and daphne listen on 127.0.0.1:8000 by default.
        cmd.binds.push(format!(
            "{}:{}",
            host.as_deref().unwrap_or("127.0.0.1"),
            port.as_deref().unwrap_or("8000")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> ServerCommand {
        let mut all = parse_command(line);
        assert_eq!(all.len(), 1, "{line}: {all:?}");
        all.remove(0)
    }

    #[test]
    fn gunicorn_forms() {
        let c =
            one("gunicorn shop.wsgi:application --bind 0.0.0.0:8000 -w 4 --timeout=60 --reload");
        assert_eq!(c.kind, Some(ServerKind::Gunicorn));
        assert_eq!(c.binds, ["0.0.0.0:8000"]);
        assert_eq!(c.workers.and_then(|w| w.value), Some(4));
        assert_eq!(c.timeout.and_then(|t| t.value), Some(60));
        assert!(c.reload);
        assert_eq!(c.app.as_deref(), Some("shop.wsgi:application"));
        let c = one(
            "exec /venv/bin/gunicorn -c deploy/gunicorn.conf.py -b unix:/run/shop.sock shop.wsgi",
        );
        assert_eq!(c.config.as_deref(), Some("deploy/gunicorn.conf.py"));
        assert_eq!(c.binds, ["unix:/run/shop.sock"]);
        let c = one(
            "newrelic-admin run-program python -m gunicorn shop.wsgi --env DJANGO_SETTINGS_MODULE=shop.settings.production",
        );
        assert_eq!(
            c.settings_module.as_deref(),
            Some("shop.settings.production")
        );
    }

    #[test]
    fn chains_and_shells() {
        let all = parse_command(
            "sh -c \"python manage.py migrate && python manage.py collectstatic --noinput && gunicorn shop.wsgi -b :$PORT\"",
        );
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].binds, [":$PORT"]);
        let all = parse_command(
            "python manage.py migrate; DJANGO_SETTINGS_MODULE=shop.settings.dev python manage.py runserver 0.0.0.0:8000",
        );
        assert_eq!(all[0].kind, Some(ServerKind::Runserver));
        assert_eq!(all[0].binds, ["0.0.0.0:8000"]);
        assert!(all[0].reload);
        assert_eq!(
            all[0].env,
            [(
                "DJANGO_SETTINGS_MODULE".to_string(),
                "shop.settings.dev".to_string()
            )]
        );
    }

    #[test]
    fn other_servers() {
        let c = one("uvicorn shop.asgi:application --host 0.0.0.0 --port 8000 --workers 2");
        assert_eq!(c.binds, ["0.0.0.0:8000"]);
        let c = one("daphne -b 0.0.0.0 -p 8001 shop.asgi:application");
        assert_eq!(c.binds, ["0.0.0.0:8001"]);
        let c = one("uwsgi --http :8000 --module shop.wsgi --master --harakiri 30 --processes 4");
        assert!(c.master);
        assert_eq!(c.harakiri.and_then(|h| h.value), Some(30));
        assert_eq!(c.workers.and_then(|w| w.value), Some(4));
        let c = one("uwsgi --http $HOST:$PORT deploy/uwsgi.ini");
        assert_eq!(c.config.as_deref(), Some("deploy/uwsgi.ini"));
        assert_eq!(c.binds, ["$HOST:$PORT"]);
        let c = one(
            "gunicorn --bind 0.0.0.0:$PORT --access-logfile - --error-logfile - app.wsgi:application",
        );
        assert_eq!(c.app.as_deref(), Some("app.wsgi:application"));
        let c = one("gunicorn oj.wsgi --user server --group spj --bind 127.0.0.1:8080");
        assert_eq!(c.user.as_deref(), Some("server"));
        let c = one("django-admin runserver --settings=shop.settings.local --noreload");
        assert!(!c.reload);
        assert_eq!(c.settings_module.as_deref(), Some("shop.settings.local"));
    }

    #[test]
    fn numbers_as_the_programs_read_them() {
        let value = |line: &str| {
            let c = one(line);
            (
                c.workers.and_then(|w| w.value),
                c.timeout.and_then(|t| t.value),
            )
        };
        // Python's int(): leading zeros, a sign, underscores, white space.
        assert_eq!(
            value("gunicorn app.wsgi -w 01 --timeout 00"),
            (Some(1), Some(0))
        );
        assert_eq!(
            value("gunicorn app.wsgi -w02 --timeout=030"),
            (Some(2), Some(30))
        );
        assert_eq!(value("gunicorn app.wsgi -w +1 -t 1_0"), (Some(1), Some(10)));
        assert_eq!(
            value("gunicorn app.wsgi -w ' 1 ' -t '\t0\n'"),
            (Some(1), Some(0))
        );
        // What int() refuses (gunicorn does not start), and what the shell
        // fills in.
        for bad in [
            "0x10", "1__0", "_1", "1_", "four", "1.0", "", "+", "\u{663}",
        ] {
            assert_eq!(
                NumericOption::python_cli(bad).value,
                None,
                "{bad:?} is not an int"
            );
        }
        assert_eq!(value("gunicorn app.wsgi -w $WORKERS -t ${T}"), (None, None));
        // Negative counts: gunicorn refuses them.
        assert_eq!(NumericOption::python_cli("-1").value, None);
        // int(text, 0) in a configuration file: prefixes, no leading zero.
        assert_eq!(NumericOption::python_base0("0x1f").value, Some(31));
        assert_eq!(NumericOption::python_base0("0_0").value, Some(0));
        assert_eq!(NumericOption::python_base0("00").value, Some(0));
        assert_eq!(NumericOption::python_base0("01").value, None);
        // uwsgi: atoi.
        let c = one("uwsgi --module app.wsgi --processes 01 --harakiri 30s");
        assert_eq!(
            c.workers.map(|w| (w.text, w.value)),
            Some(("01".into(), Some(1)))
        );
        assert_eq!(c.harakiri.and_then(|h| h.value), Some(30));
        assert_eq!(NumericOption::uwsgi(" +4").value, Some(4));
        assert_eq!(NumericOption::uwsgi("off").value, Some(0));
        assert_eq!(NumericOption::uwsgi("-1").value, None);
        assert_eq!(NumericOption::uwsgi("%(%k * 2)").value, None);
        assert_eq!(NumericOption::uwsgi("$(WORKERS)").value, None);
        assert_eq!(NumericOption::uwsgi("99999999999").value, None);
    }

    #[test]
    fn not_servers() {
        assert!(parse_command("python manage.py migrate").is_empty());
        assert!(parse_command("celery -A shop worker -l info").is_empty());
        assert!(parse_command("\"unterminated").is_empty());
    }
}
