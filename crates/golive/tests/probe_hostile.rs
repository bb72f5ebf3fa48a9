//! `golive probe` against hostile servers and inputs (issue 10): the probe
//! ends within its deadline however a server behaves (each connection and
//! TLS handshake under a total deadline, the whole run under 4 × --timeout),
//! never panics, prints no credential of the URL in any format, keeps no
//! cookie value in a --record file, and refuses a --timeout out of range.
//!
//! The servers run on 127.0.0.1 in threads of the test; the bounds asserted
//! are loose (three times the deadline), not timings.

use assert_cmd::Command;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// `--timeout` of these runs, in seconds: the deadline is 4 × it.
const TIMEOUT: u64 = 1;
const TIMEOUT_DURATION: Duration = Duration::from_secs(TIMEOUT);
const DEADLINE: Duration = Duration::from_secs(4 * TIMEOUT);
/// What "finishes within a bound" means here: well under three deadlines.
const BOUND: Duration = Duration::from_secs(3 * 4 * TIMEOUT);

/// A server on 127.0.0.1 that runs `handle` on each connection, in a
/// thread of its own; it lives as long as the test process.
fn serve(handle: fn(TcpStream)) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(s) = stream else { break };
            std::thread::spawn(move || handle(s));
        }
    });
    port
}

/// Reads up to the end of the request's headers.
fn read_request(s: &mut TcpStream) {
    let mut buf = [0u8; 4096];
    let mut got = Vec::new();
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// Sends `byte` every quarter of a second for a minute (or until the
/// client goes): always faster than any per-read timeout.
fn dribble(s: &mut TcpStream, byte: u8) {
    for _ in 0..240 {
        if s.write_all(&[byte]).is_err() {
            return;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

fn golive(args: &[&str]) -> Run {
    let started = Instant::now();
    let out = Command::cargo_bin("golive")
        .unwrap()
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took: started.elapsed(),
    }
}

/// A probe of `url` (with `--timeout 1`) ended well within its deadline,
/// with a code a probe may end with (1: the findings of an unreachable
/// site), no panic, and said why the observation is incomplete.
fn assert_bounded(url: &str, extra: &[&str]) -> serde_json::Value {
    let timeout = TIMEOUT.to_string();
    let mut args = vec!["probe", url, "--timeout", &timeout, "--format", "json"];
    args.extend_from_slice(extra);
    let run = golive(&args);
    assert!(
        run.took < BOUND,
        "`golive probe {url}` took {:?} (deadline {DEADLINE:?})\n{}",
        run.took,
        run.stderr
    );
    assert!(
        matches!(run.code, Some(0 | 1)),
        "exit {:?}\n{}",
        run.code,
        run.stderr
    );
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains("panicked")
                && !text.contains("internal error")
                && !text.contains("RUST_BACKTRACE"),
            "{text}"
        );
    }
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// A probe of `url` whose start URL gives no response: it stops at once
/// with exit 2, one sentence (returned) and no grade, well within twice
/// the timeout.
fn assert_could_not_probe(url: &str, extra: &[&str]) -> String {
    let timeout = TIMEOUT.to_string();
    let mut args = vec!["probe", url, "--timeout", &timeout, "--format", "json"];
    args.extend_from_slice(extra);
    let run = golive(&args);
    assert!(
        // A bound against hanging (with slack for a loaded machine).
        run.took < TIMEOUT_DURATION * 2 + Duration::from_millis(1500),
        "`golive probe {url}` took {:?}\n{}",
        run.took,
        run.stderr
    );
    assert_eq!(run.code, Some(2), "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "", "no report, no grade");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let line = run.stderr.trim_end();
    assert_eq!(line.lines().count(), 1, "{line}");
    line.to_string()
}

#[test]
fn probe_of_a_tls_server_that_dribbles_its_handshake_stops_within_twice_the_timeout() {
    // The reproduction of issue 10: a TLS record header, then one byte at
    // a time — every read succeeds, the handshake never ends (it ran past
    // 400 s before).
    let port = serve(|mut s| {
        let _ = s.write_all(&[0x16, 0x03, 0x03, 0x40, 0x00]);
        dribble(&mut s, 0x02);
    });
    let url = format!("https://127.0.0.1:{port}/");
    let http = format!("http://127.0.0.1:{port}/");
    let said = assert_could_not_probe(&url, &["--http-url", &http]);
    assert_eq!(
        said,
        format!("golive: error: could not probe {url}: no answer within 1 s")
    );
}

#[test]
fn probe_of_a_server_that_never_answers_stops_within_twice_the_timeout() {
    // Accepts, reads what comes, never writes a byte.
    let port = serve(|mut s| {
        let mut buf = [0u8; 1024];
        let until = Instant::now() + Duration::from_secs(60);
        let _ = s.set_read_timeout(Some(Duration::from_secs(1)));
        while Instant::now() < until {
            if let Ok(0) = s.read(&mut buf) {
                return;
            }
        }
    });
    for scheme in ["http", "https"] {
        let url = format!("{scheme}://127.0.0.1:{port}/");
        let said = assert_could_not_probe(&url, &[]);
        assert_eq!(
            said,
            format!("golive: error: could not probe {url}: no answer within 1 s")
        );
    }
}

#[test]
fn probe_of_a_closed_port_stops_at_once() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/");
    let said = assert_could_not_probe(&url, &[]);
    assert_eq!(
        said,
        format!("golive: error: could not probe {url}: connection refused on 127.0.0.1:{port}")
    );
}

#[test]
fn probe_of_a_server_that_dribbles_its_headers_stops_within_twice_the_timeout() {
    let port = serve(|mut s| {
        read_request(&mut s);
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\nX-Slow: ");
        dribble(&mut s, b'a');
    });
    let url = format!("http://127.0.0.1:{port}/");
    let said = assert_could_not_probe(&url, &[]);
    assert_eq!(
        said,
        format!("golive: error: could not probe {url}: no answer within 1 s")
    );
}

#[test]
fn probe_of_a_server_that_dribbles_every_body_stops_at_the_deadline() {
    // Every response starts at once and never ends: each request is cut at
    // --timeout, the run at 4 × --timeout.
    let port = serve(|mut s| {
        read_request(&mut s);
        let _ = s.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>",
        );
        dribble(&mut s, b' ');
    });
    let doc = assert_bounded(&format!("http://127.0.0.1:{port}/"), &[]);
    let notes: Vec<&str> = doc["incomplete"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("the probe stopped at its deadline (4 s): ")),
        "{doc:#}"
    );
}

const PASSWORD: &str = "Pa55w0rd-xq7Zk";

fn assert_no_password(run: &Run, what: &str) {
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains(PASSWORD) && !text.contains("w0rd-xq7"),
            "{what} prints the password:\n{text}"
        );
        assert!(!text.contains("panicked"), "{what}:\n{text}");
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../golive_linter/resources/test/fixtures/web")
}

#[test]
fn probe_never_prints_the_password_of_a_userinfo_url() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("rec.json");
    let record = record.to_str().unwrap();
    let urls = [
        format!("https://admin:{PASSWORD}@127.0.0.1:9/"),
        format!("http://admin:{PASSWORD}@127.0.0.1:9"),
        // A password with a raw `/` must not pass as a host and a path.
        format!(
            "https://admin:{}/{}@127.0.0.1:9/",
            &PASSWORD[..4],
            &PASSWORD[4..]
        ),
        format!("admin:{PASSWORD}@127.0.0.1:9"),
    ];
    for url in &urls {
        for format in ["text", "json"] {
            let run = golive(&[
                "probe",
                url,
                "--format",
                format,
                "--timeout",
                "1",
                "--record",
                record,
            ]);
            assert_no_password(&run, &format!("probe {format}"));
            assert_eq!(run.code, Some(2), "{url}: {}", run.stderr);
            assert!(run.stderr.contains("127.0.0.1:9"), "{}", run.stderr);
            assert!(
                !Path::new(record).exists()
                    || !std::fs::read_to_string(record).unwrap().contains(PASSWORD)
            );
        }
    }
    assert!(
        golive(&["probe", &urls[0], "--timeout", "1"])
            .stderr
            .contains("sends no credentials")
    );
    // The plain-HTTP address, and `check --probe`.
    let http = format!("http://admin:{PASSWORD}@127.0.0.1:9/");
    let run = golive(&[
        "probe",
        "https://127.0.0.1:9/",
        "--timeout",
        "1",
        "--http-url",
        &http,
    ]);
    assert_no_password(&run, "--http-url");
    assert_eq!(run.code, Some(2));
    let project = dir.path().join("project");
    std::fs::create_dir_all(project.join("shop")).unwrap();
    std::fs::write(project.join("shop/__init__.py"), "").unwrap();
    std::fs::write(
        project.join("shop/settings.py"),
        "DEBUG = False\nSECRET_KEY = 'x'\nALLOWED_HOSTS = ['shop.example.com']\n",
    )
    .unwrap();
    for format in ["text", "json"] {
        let run = golive(&[
            "check",
            "--format",
            format,
            "--settings",
            "shop.settings",
            "--probe",
            &urls[0],
            project.to_str().unwrap(),
        ]);
        assert_no_password(&run, &format!("check --probe {format}"));
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(
            run.stderr.contains("sends no credentials"),
            "{}",
            run.stderr
        );
    }
    // A recording whose target carries credentials (made by hand): its
    // replay shows none, in any format, and neither does a recording of it.
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("WEB005.json")).unwrap())
            .unwrap();
    doc["target"] = format!("https://admin:{PASSWORD}@shop.example.com/").into();
    doc["exchanges"][0]["url"] = doc["target"].clone();
    let forged = dir.path().join("forged.json");
    std::fs::write(&forged, doc.to_string()).unwrap();
    let forged = forged.to_str().unwrap();
    for format in ["text", "json"] {
        let run = golive(&[
            "probe",
            "https://unused.example/",
            "--replay",
            forged,
            "--format",
            format,
            "--record",
            record,
        ]);
        assert_no_password(&run, &format!("replay {format}"));
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stdout.contains("https://***@shop.example.com/"),
            "{}",
            run.stdout
        );
        assert!(!std::fs::read_to_string(record).unwrap().contains(PASSWORD));
    }
}

/// Cookie values the recording tests must never find in a record file.
const COOKIE_VALUES: [&str; 3] = [
    "LiveSessionValue0123456789abcdef",
    "LiveCsrfValue0123456789abcdefghij",
    "FormToken0123456789abcdefghijklmnop",
];

#[test]
fn probe_record_files_hold_no_cookie_value() {
    // A live site that sets a session cookie without HttpOnly (WEB005) and
    // a CSRF cookie, and echoes the session id in its page.
    let port = serve(|mut s| {
        read_request(&mut s);
        let [session, csrf, form] = COOKIE_VALUES;
        let body = format!(
            "<html><p>session {session}</p><form method=\"post\"><input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"{form}\"></form></html>"
        );
        let _ = write!(
            s,
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: sessionid={session}; Path=/; SameSite=Lax\r\n\
             Set-Cookie: csrftoken={csrf}; expires=Thu, 01 Jan 2037 00:00:00 GMT; Max-Age=31449600; Path=/; SameSite=Lax\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    });
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("live.json");
    let url = format!("http://127.0.0.1:{port}/");
    let live = golive(&[
        "probe",
        &url,
        "--format",
        "json",
        "--timeout",
        "2",
        "--record",
        record.to_str().unwrap(),
    ]);
    assert_eq!(live.code, Some(1), "{}", live.stderr);
    let recorded = std::fs::read_to_string(&record).unwrap();
    for value in COOKIE_VALUES {
        assert!(
            !recorded.contains(value) && !live.stdout.contains(value),
            "the recording keeps {value}:\n{recorded}"
        );
    }
    // Names and attributes stay, the value is a fixed marker.
    assert!(
        recorded.contains("sessionid=…(redacted); Path=/; SameSite=Lax"),
        "{recorded}"
    );
    assert!(recorded.contains("csrftoken=…(redacted); expires=Thu, 01 Jan 2037 00:00:00 GMT; Max-Age=31449600; Path=/; SameSite=Lax"), "{recorded}");
    // The recording replays to the same judgement.
    let replayed = golive(&[
        "probe",
        &url,
        "--format",
        "json",
        "--replay",
        record.to_str().unwrap(),
    ]);
    let findings = |text: &str| -> Vec<(String, String, u64)> {
        let doc: serde_json::Value = serde_json::from_str(text).unwrap();
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().unwrap().to_string(),
                    f["message"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(findings(&replayed.stdout), findings(&live.stdout));
    assert!(
        live.stdout
            .contains("cookie `sessionid` is set without HttpOnly"),
        "{}",
        live.stdout
    );

    // A recording made before (cookie values kept) and recorded again.
    let again = dir.path().join("again.json");
    let old = fixtures().join("WEB005.json");
    let run = golive(&[
        "probe",
        "https://unused.example/",
        "--replay",
        old.to_str().unwrap(),
        "--record",
        again.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let text = std::fs::read_to_string(&again).unwrap();
    assert!(
        std::fs::read_to_string(&old)
            .unwrap()
            .contains("Qk3v9Xc2LmN8pR4t"),
        "the fixture changed: pick another cookie value"
    );
    assert!(
        !text.contains("Qk3v9Xc2LmN8pR4t") && !text.contains("8d7f6e5c4b3a2f1e"),
        "{text}"
    );
    let replay = |file: &Path| {
        golive(&[
            "probe",
            "https://unused.example/",
            "--format",
            "json",
            "--replay",
            file.to_str().unwrap(),
        ])
        .stdout
    };
    assert_eq!(findings(&replay(&again)), findings(&replay(&old)));
    assert!(!findings(&replay(&old)).is_empty());
}

#[test]
fn out_of_range_timeout_is_a_usage_error() {
    let ok = fixtures().join("ok.json");
    let ok = ok.to_str().unwrap();
    for bad in [
        "0",
        "301",
        "18446744073709551615",
        "99999999999999999999999",
        "abc",
        "1.5",
        "",
    ] {
        let run = golive(&["probe", "http://127.0.0.1:9/", "--timeout", bad]);
        assert_eq!(run.code, Some(2), "--timeout {bad}: {}", run.stderr);
        assert!(
            run.stderr.contains("--timeout"),
            "--timeout {bad}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("panicked") && !run.stderr.contains("internal error"),
            "--timeout {bad}: {}",
            run.stderr
        );
    }
    for good in ["1", "300"] {
        assert_eq!(
            golive(&[
                "probe",
                "https://unused.example/",
                "--timeout",
                good,
                "--replay",
                ok
            ])
            .code,
            Some(0)
        );
    }
}
