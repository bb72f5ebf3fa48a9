//! The bounds of one probe run: a deadline for the whole run, a total
//! deadline for every connection (connect, TLS handshake, request and
//! response alike, not only each read), and the `host:port`s given up on
//! after their first connection failure, so that an unreachable site
//! costs one timeout, not one per request.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

/// Below this much time left, no new connection is started: it could
/// only fail, and its error would say nothing about the site.
const MIN_STEP: Duration = Duration::from_millis(100);

/// `5 s`, `1.5 s`, `250 ms`.
pub(crate) fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// A host:port given up on, and what it cost.
#[derive(Debug)]
struct Dead {
    why: String,
    /// Requests not made because of it.
    requests: usize,
    /// TLS connections (handshake, legacy hellos) not made because of it.
    tls: usize,
}

/// What a step is, for the account of what was not made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Request,
    Tls,
}

/// The state of one run.
#[derive(Debug)]
pub(crate) struct Run {
    /// Each connection, connect to last byte.
    pub(crate) timeout: Duration,
    /// The whole run.
    pub(crate) deadline: Duration,
    until: Instant,
    /// In the order they failed.
    dead: Vec<(String, Dead)>,
    /// host:port that answered at least once.
    answered: Vec<String>,
    /// Steps not taken because the deadline had passed.
    late: usize,
}

/// Why a step was not taken.
#[derive(Debug)]
pub(crate) enum Skip {
    /// The host:port failed before (its first failure).
    Dead(String),
    /// The run's deadline has passed.
    Late,
}

impl Run {
    pub(crate) fn new(timeout: Duration, deadline: Duration) -> Self {
        let now = Instant::now();
        let until = now
            .checked_add(deadline)
            .unwrap_or_else(|| now + Duration::from_secs(3600));
        Self {
            timeout,
            deadline,
            until,
            dead: Vec::new(),
            answered: Vec::new(),
            late: 0,
        }
    }

    /// The time the next connection may take, or why it is not made (and
    /// it is counted as not made).
    pub(crate) fn step(&mut self, key: &str, step: Step) -> Result<Duration, Skip> {
        if let Some((_, dead)) = self.dead.iter_mut().find(|(k, _)| k == key) {
            match step {
                Step::Request => dead.requests += 1,
                Step::Tls => dead.tls += 1,
            }
            return Err(Skip::Dead(dead.why.clone()));
        }
        let left = self.until.saturating_duration_since(Instant::now());
        if left < MIN_STEP {
            self.late += 1;
            return Err(Skip::Late);
        }
        Ok(left.min(self.timeout))
    }

    /// Gives up on `key` (the first failure wins).
    pub(crate) fn failed(&mut self, key: &str, why: String) {
        if !self.dead.iter().any(|(k, _)| k == key) {
            self.dead.push((
                key.to_string(),
                Dead {
                    why,
                    requests: 0,
                    tls: 0,
                },
            ));
        }
    }

    pub(crate) fn answered(&mut self, key: &str) {
        if !self.has_answered(key) {
            self.answered.push(key.to_string());
        }
    }

    pub(crate) fn has_answered(&self, key: &str) -> bool {
        self.answered.iter().any(|k| k == key)
    }

    /// Why the observation is incomplete, one sentence each.
    pub(crate) fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for (key, dead) in &self.dead {
            let mut note = format!("could not probe {key}: {}", dead.why);
            let mut not_made = Vec::new();
            if dead.requests > 0 {
                not_made.push(format!(
                    "{} request{}",
                    dead.requests,
                    plural(dead.requests)
                ));
            }
            if dead.tls > 0 {
                not_made.push(format!("{} TLS check{}", dead.tls, plural(dead.tls)));
            }
            if !not_made.is_empty() {
                note.push_str(&format!("; {} to it not made", not_made.join(" and ")));
            }
            notes.push(note);
        }
        if self.late > 0 {
            notes.push(format!(
                "the probe stopped at its deadline ({}): {} request{} not made",
                seconds(self.deadline),
                self.late,
                plural(self.late)
            ));
        }
        notes
    }

    /// A TCP connection to `host:port`, within the next step's time: the
    /// name resolved and the connection made under one deadline, which then
    /// also bounds every read and write on the stream.
    pub(crate) fn connect(&mut self, host: &str, port: u16) -> Result<Bounded, Skip> {
        let key = host_port(host, port);
        let limit = self.step(&key, Step::Tls)?;
        let until = Instant::now() + limit;
        match connect_until(host, port, until) {
            Ok(sock) => Ok(Bounded { sock, until, limit }),
            Err(e) => {
                let why = connect_error(&e, limit);
                self.failed(&key, why.clone());
                Err(Skip::Dead(why))
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `host:port` as a key and in messages (IPv6 in brackets).
pub(crate) fn host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

fn connect_error(e: &io::Error, limit: Duration) -> String {
    match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
            format!("no connection within {}", seconds(limit))
        }
        _ => format!("connection failed: {e}"),
    }
}

/// Resolves `host` on a thread of its own (the system resolver has no
/// timeout), waiting at most until `until`.
fn resolve(host: &str, port: u16, until: Instant) -> io::Result<SocketAddr> {
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let name = host.to_string();
    std::thread::Builder::new()
        .name("golive-resolve".into())
        .spawn(move || {
            let _ = tx.send(
                (name.as_str(), port)
                    .to_socket_addrs()
                    .map(|mut a| a.next()),
            );
        })?;
    let wait = until.saturating_duration_since(Instant::now());
    match rx.recv_timeout(wait) {
        Ok(Ok(Some(addr))) => Ok(addr),
        Ok(Ok(None)) => Err(io::Error::other("the name does not resolve")),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "the name did not resolve in time",
        )),
    }
}

fn connect_until(host: &str, port: u16, until: Instant) -> io::Result<TcpStream> {
    let addr = resolve(host, port, until)?;
    let left = until.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(io::Error::new(io::ErrorKind::TimedOut, "timed out"));
    }
    TcpStream::connect_timeout(&addr, left)
}

/// A stream whose every read and write ends by one deadline: a peer that
/// dribbles a byte at a time cannot stretch the connection past it.
#[derive(Debug)]
pub(crate) struct Bounded {
    sock: TcpStream,
    until: Instant,
    /// The time the connection was given (for messages).
    pub(crate) limit: Duration,
}

impl Bounded {
    fn left(&self) -> io::Result<Duration> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("timed out after {}", seconds(self.limit)),
            ))
        } else {
            Ok(left)
        }
    }

    fn timed_out(&self, e: io::Error) -> io::Error {
        match e.kind() {
            // A socket timeout is `WouldBlock` on Unix, `TimedOut` on Windows.
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => io::Error::new(
                io::ErrorKind::TimedOut,
                format!("timed out after {}", seconds(self.limit)),
            ),
            _ => e,
        }
    }
}

impl Read for Bounded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.left()?;
        self.sock.set_read_timeout(Some(left))?;
        self.sock.read(buf).map_err(|e| self.timed_out(e))
    }
}

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let left = self.left()?;
        self.sock.set_write_timeout(Some(left))?;
        self.sock.write(buf).map_err(|e| self.timed_out(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.sock.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dead_hosts_are_skipped_and_counted() {
        let mut run = Run::new(Duration::from_secs(1), Duration::from_secs(4));
        assert!(run.step("a:1", Step::Tls).is_ok());
        run.failed("a:1", "connection failed: refused".into());
        run.failed("a:1", "a later failure".into());
        assert!(
            matches!(run.step("a:1", Step::Request), Err(Skip::Dead(w)) if w == "connection failed: refused")
        );
        assert!(run.step("a:1", Step::Tls).is_err() && run.step("a:1", Step::Tls).is_err());
        assert!(run.step("b:2", Step::Request).is_ok());
        assert_eq!(
            run.notes(),
            [
                "could not probe a:1: connection failed: refused; 1 request and 2 TLS checks to it not made"
            ]
        );
    }

    #[test]
    fn nothing_starts_after_the_deadline() {
        let mut run = Run::new(Duration::from_secs(1), Duration::from_millis(50));
        assert!(matches!(run.step("a:1", Step::Request), Err(Skip::Late)));
        assert_eq!(
            run.notes(),
            ["the probe stopped at its deadline (50 ms): 1 request not made"]
        );
        // A huge deadline does not overflow.
        let mut run = Run::new(Duration::from_secs(1), Duration::MAX);
        assert_eq!(
            run.step("a:1", Step::Request).ok(),
            Some(Duration::from_secs(1))
        );
    }

    #[test]
    fn dribbling_peers_stop_at_the_deadline() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            for _ in 0..100 {
                if s.write_all(b"x").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let mut run = Run::new(Duration::from_millis(700), Duration::from_secs(10));
        let mut stream = run.connect("127.0.0.1", port).unwrap();
        let started = Instant::now();
        let mut buf = Vec::new();
        let err = stream.read_to_end(&mut buf).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        assert!(!buf.is_empty() && buf.len() < 20);
    }
}
