//! Observations of a running site: what a browser and an attacker see.
//! A probe makes a small, fixed set of requests to the target host (and
//! its `http://`/`https://` twin) — the start page and its redirects, a
//! page that does not exist, a request with a foreign `Host`, the admin
//! login, a static asset, `security.txt` — and records every exchange.
//! Nothing here judges; the WEB rules read the [`Observation`], which is
//! plain data and can be recorded to JSON and replayed in tests.
//!
//! A probe is bounded as a whole: each connection (connect, TLS handshake,
//! request, response, body) within `timeout`, the whole run within
//! `deadline` (by default 4 × `timeout`), and a `host:port` that fails to
//! connect is not tried again. It keeps no credential: a URL with
//! `user:password@` is refused, and cookie values are replaced by
//! [`REDACTED`] as soon as they are read.

mod limits;
mod secrets;
mod tls;

pub use secrets::{REDACTED, redact_url};
pub use tls::{CertFacts, TlsFacts, observe_tls};

use limits::{Run, Skip, Step, seconds};

use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// Why a request was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// The URL given, and each redirect hop after it.
    Start,
    /// The `http://` twin of an `https://` target: does it redirect?
    PlainHttp,
    /// A path that does not exist: Django's technical 404 page?
    NotFound,
    /// The start URL with a `Host` header of a domain that is not the site.
    ForeignHost,
    /// `/admin/login/`: is the admin there, and the CSRF cookie it sets.
    Admin,
    /// A static asset the start page links to.
    StaticAsset,
    /// `/.well-known/security.txt`.
    SecurityTxt,
    /// The health-check URL given with `--health`.
    Health,
    /// The final page again, with an `Origin` of another site
    /// ([`FOREIGN_ORIGIN`]): does it allow that site to read it (CORS)?
    Cors,
    /// The final page over plain HTTP with `X-Forwarded-Proto: https`: does
    /// the app believe the client's header (and stop redirecting)?
    ForwardedProto,
    /// `/__debug__/`: django-debug-toolbar's URLs reachable?
    DebugToolbar,
}

/// One request and what came back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    pub purpose: Purpose,
    pub url: String,
    /// Headers golive set on the request besides the usual ones (`Host`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_headers: Vec<(String, String)>,
    /// `None` when no response arrived (see `error`).
    pub status: Option<u16>,
    /// Response headers, names lower-cased, in order, repeated ones kept.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The start of the body (at most 64 KiB), as text.
    #[serde(default)]
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Exchange {
    /// The first value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header (`set-cookie` repeats).
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn is_redirect(&self) -> bool {
        self.status.is_some_and(|s| (300..400).contains(&s))
    }
}

/// Everything a probe saw.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    /// The URL given.
    pub target: String,
    pub exchanges: Vec<Exchange>,
    /// For an `https://` target: the handshake, the chain, old versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsFacts>,
    /// Probed with `--insecure`: the certificate's trust was not required
    /// (its names and dates still count).
    #[serde(default)]
    pub insecure: bool,
    /// Why some requests were not made: a `host:port` that could not be
    /// reached (`could not probe 127.0.0.1:8443: …`), the run's deadline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incomplete: Vec<String>,
    /// Where the start URL's redirects end.
    #[serde(default, skip_serializing_if = "Landing::is_page")]
    pub landing: Landing,
    /// The certificate of the site could not be verified (and `--insecure`
    /// was not given): why. The requests were then made without
    /// verification, so that everything else is still judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub untrusted: Option<String>,
}

/// Where the start URL's redirect chain ends. The probe follows redirects
/// within the site (same registrable domain, or loopback to loopback);
/// only a page of the site is judged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Landing {
    /// A page of the site: the last response of the chain is not a
    /// redirect.
    #[default]
    Page,
    /// The chain came back to `url`, which it had visited.
    Loop { url: String },
    /// More than the allowed number of redirects.
    TooManyHops { hops: usize },
    /// A redirect to another site: that site is what users get.
    OffSite { url: String },
    /// A redirect to a URL of the site that gives no response.
    DeadEnd { url: String, why: String },
}

impl Landing {
    pub fn is_page(&self) -> bool {
        *self == Landing::Page
    }
}

impl Observation {
    pub fn of(&self, purpose: Purpose) -> impl Iterator<Item = &Exchange> {
        self.exchanges.iter().filter(move |e| e.purpose == purpose)
    }

    /// The last response of the start chain: the page the site serves —
    /// none when the chain loops, is too long or leaves the site (the
    /// redirect response is not a page to judge).
    pub fn final_page(&self) -> Option<&Exchange> {
        if !self.landing.is_page() {
            return None;
        }
        self.of(Purpose::Start)
            .filter(|e| e.status.is_some())
            .last()
    }
}

/// The default overall deadline of a probe, in units of its `timeout`.
pub const DEADLINE_FACTOR: u32 = 4;

/// How a probe behaves: polite and bounded.
#[derive(Clone, Debug)]
pub struct ProbeOptions {
    /// Per connection, connect (name resolution and TLS handshake
    /// included) to last byte: a total, not a per-read timeout.
    pub timeout: Duration,
    /// The whole run, TLS facts included: once it has passed, no new
    /// connection is made (and none runs past it).
    pub deadline: Duration,
    pub max_redirects: usize,
    /// At most this many requests in all.
    pub budget: usize,
    /// Pause between requests.
    pub pause: Duration,
    /// Accept any TLS certificate (for a test site with a private CA); the
    /// certificate itself is then not judged.
    pub insecure: bool,
    /// The plain-HTTP address to check for a redirect to HTTPS; by default
    /// the `http://` twin of an `https://` target (same host and path, the
    /// default port).
    pub http_url: Option<String>,
    /// A health-check path to request (`/healthz/`).
    pub health: Option<String>,
    /// Certificate authorities to trust instead of the public roots (DER),
    /// for a site whose certificate a private CA signed.
    pub ca: Vec<Vec<u8>>,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        Self::with_timeout(Duration::from_secs(5))
    }
}

impl ProbeOptions {
    /// The defaults, with this `timeout` and a deadline of
    /// [`DEADLINE_FACTOR`] times it.
    pub fn with_timeout(timeout: Duration) -> Self {
        Self {
            timeout,
            deadline: timeout.saturating_mul(DEADLINE_FACTOR),
            max_redirects: 5,
            budget: 20,
            pause: Duration::from_millis(10),
            insecure: false,
            http_url: None,
            health: None,
            ca: Vec::new(),
        }
    }

    /// Trust the certificate authorities of a PEM file (`--ca`).
    pub fn trust_pem(&mut self, pem: &[u8]) -> Result<(), ProbeError> {
        let mut found = 0;
        for item in ureq::tls::parse_pem(pem) {
            match item {
                Ok(ureq::tls::PemItem::Certificate(cert)) => {
                    self.ca.push(cert.der().to_vec());
                    found += 1;
                }
                Ok(_) => {}
                Err(e) => return Err(ProbeError::BadCa(e.to_string())),
            }
        }
        if found == 0 {
            return Err(ProbeError::BadCa("no PEM certificate in it".into()));
        }
        Ok(())
    }
}

/// What went wrong before any request could be made.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// The URL as shown (any `user:…@` hidden).
    #[error("`{0}` is not an http:// or https:// URL")]
    BadUrl(String),
    /// A URL with `user:password@`: the probe sends no credentials (and
    /// the message does not repeat them).
    #[error("`{0}`: golive probe sends no credentials; give the URL without `user:password@`")]
    Credentials(String),
    /// The start URL gave no response at all: nothing to judge.
    #[error("could not probe {url}: {why}")]
    Unreachable { url: String, why: String },
    /// The `--ca` file holds no certificate.
    #[error("the CA file cannot be used: {0}")]
    BadCa(String),
}

/// The parts of a URL a probe needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub scheme: String,
    /// Host and port as written (`shop.example.com`, `127.0.0.1:8443`).
    pub authority: String,
    pub path: String,
}

impl Target {
    pub fn parse(url: &str) -> Result<Self, ProbeError> {
        let bad = || ProbeError::BadUrl(redact_url(url));
        let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(bad());
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        if authority.contains('@') {
            return Err(ProbeError::Credentials(redact_url(url)));
        }
        let path = match path {
            "" => "/".to_string(),
            p if p.starts_with('/') => p.to_string(),
            p => format!("/{p}"),
        };
        let target = Self {
            scheme,
            authority: authority.to_string(),
            path,
        };
        // A port, when written, is a number (else `user:pass/word@host`
        // would read as host `user`).
        let port_ok = match target.authority.strip_prefix('[') {
            Some(v6) => v6.split_once(']').is_some_and(|(_, p)| {
                p.is_empty()
                    || p.strip_prefix(':')
                        .is_some_and(|p| p.parse::<u16>().is_ok())
            }),
            None => target
                .authority
                .split_once(':')
                .is_none_or(|(_, p)| p.parse::<u16>().is_ok()),
        };
        if target.host().is_empty() || !port_ok {
            return Err(bad());
        }
        Ok(target)
    }

    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    /// The port, written or the scheme's.
    pub fn port(&self) -> u16 {
        let written = match self.authority.strip_prefix('[') {
            Some(v6) => v6.split_once("]:").map(|(_, p)| p),
            None => self.authority.split_once(':').map(|(_, p)| p),
        };
        written
            .and_then(|p| p.parse().ok())
            .unwrap_or(if self.scheme == "https" { 443 } else { 80 })
    }

    /// `host:port`: what a connection goes to.
    pub fn host_port(&self) -> String {
        limits::host_port(self.host(), self.port())
    }

    /// The host without the port.
    pub fn host(&self) -> &str {
        if let Some(rest) = self.authority.strip_prefix('[') {
            return rest.split(']').next().unwrap_or(rest);
        }
        self.authority
            .rsplit_once(':')
            .map_or(self.authority.as_str(), |(h, p)| {
                if p.chars().all(|c| c.is_ascii_digit()) {
                    h
                } else {
                    &self.authority
                }
            })
    }

    /// The host as it goes into a URL (IPv6 in brackets), without the port.
    pub fn host_for_url(&self) -> String {
        let h = self.host();
        if h.contains(':') {
            format!("[{h}]")
        } else {
            h.to_string()
        }
    }

    /// Another URL on this site (same host, either scheme).
    pub fn same_host(&self, url: &str) -> bool {
        Target::parse(url).is_ok_and(|t| t.host().eq_ignore_ascii_case(self.host()))
    }

    /// Another URL of the same site, as browsers define one: the same
    /// registrable domain (`example.com` and `www.example.com`, by the
    /// Public Suffix List), or the same host; loopback names and addresses
    /// are one site (`127.0.0.1` → `localhost`).
    pub fn same_site(&self, url: &str) -> bool {
        let Ok(other) = Target::parse(url) else {
            return false;
        };
        let (a, b) = (
            self.host().to_ascii_lowercase(),
            other.host().to_ascii_lowercase(),
        );
        if a == b || (is_loopback(&a) && is_loopback(&b)) {
            return true;
        }
        let registrable = |h: &str| {
            if h.parse::<std::net::IpAddr>().is_ok() {
                return None;
            }
            psl::domain_str(h.trim_end_matches('.')).map(str::to_string)
        };
        registrable(&a).is_some_and(|r| Some(r) == registrable(&b))
    }
}

/// `localhost`, `*.localhost`, `127.0.0.0/8`, `::1`.
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The host name used for the foreign-`Host` request; `.invalid` can never
/// be a real domain (RFC 2606).
pub const FOREIGN_HOST: &str = "golive-probe.invalid";
/// The `Origin` of the CORS request: a site that is not the target's.
pub const FOREIGN_ORIGIN: &str = "https://golive-probe.invalid";
/// A URL of django-debug-toolbar's panel view, with the parameters it
/// reads (`request_id` since 4.4, `store_id` before): it answers 200 with
/// JSON ("Data for this panel isn't available anymore") only to a client
/// the toolbar is shown to, and 404 to everyone else. Without them it
/// fails with a 500 (checked against django-debug-toolbar 6.0).
pub const DEBUG_TOOLBAR_PATH: &str =
    "/__debug__/render_panel/?store_id=golive-probe&request_id=golive-probe&panel_id=golive-probe";
/// A path no site routes.
pub const MISSING_PATH: &str = "/golive-probe-404-check/";
const MAX_BODY: u64 = 64 * 1024;

/// Runs a probe of `url`, within `options.deadline`: the start URL and
/// its redirects within the site, then every other request at the origin
/// the chain ends on. A start URL that gives no response at all is an
/// error ([`ProbeError::Unreachable`]), not an observation.
pub fn probe(url: &str, options: &ProbeOptions) -> Result<Observation, ProbeError> {
    let start = Target::parse(url)?;
    if let Some(u) = &options.http_url {
        Target::parse(u)?;
    }
    let mut run = Run::new(options.timeout, options.deadline);
    let mut client = Client::new(options);
    let mut obs = Observation {
        target: url.to_string(),
        insecure: options.insecure,
        ..Observation::default()
    };

    // The start page and its redirect chain, within the site.
    let mut visited = vec![url.to_string()];
    let mut next = url.to_string();
    while let Some(ex) = client.get(&mut run, Purpose::Start, &next, &[]) {
        if ex.status.is_none() {
            let why = ex.error.clone().unwrap_or_else(|| "no response".into());
            if obs.exchanges.is_empty() {
                return Err(ProbeError::Unreachable {
                    url: redact_url(url),
                    why,
                });
            }
            obs.exchanges.push(ex);
            obs.landing = Landing::DeadEnd {
                url: next.clone(),
                why,
            };
            break;
        }
        let location = ex
            .header("location")
            .filter(|_| ex.is_redirect())
            .map(|loc| resolve(&next, loc));
        obs.exchanges.push(ex);
        let Some(to) = location else { break };
        if !start.same_site(&to) {
            obs.landing = Landing::OffSite { url: to };
            break;
        }
        if visited.contains(&to) {
            obs.landing = Landing::Loop { url: to };
            break;
        }
        if visited.len() > options.max_redirects {
            obs.landing = Landing::TooManyHops {
                hops: visited.len(),
            };
            break;
        }
        visited.push(to.clone());
        next = to;
    }
    obs.untrusted = client.untrusted.clone();
    // Everything else is asked of the origin the chain ends on: the site
    // users get. A chain that does not end on a page stops here.
    let site = Target::parse(&next)?;
    if !obs.landing.is_page() {
        obs.incomplete = run.notes();
        obs.scrub_secrets();
        return Ok(obs);
    }
    if site.scheme == "https" {
        obs.tls = Some(tls::observe(
            site.host(),
            site.port(),
            &mut run,
            &options.ca,
        ));
    }
    let plain = match &options.http_url {
        Some(u) => Some(u.clone()),
        None if start.scheme == "https" => {
            Some(format!("http://{}{}", site.host_for_url(), site.path))
        }
        // An http:// start URL: its own first answer is the plain-HTTP one.
        None => None,
    };
    if let Some(plain) = &plain
        && let Some(ex) = client.get(&mut run, Purpose::PlainHttp, plain, &[])
    {
        obs.exchanges.push(ex);
    }
    // A plain-HTTP answer that redirects to https: does the app redirect
    // because of the scheme it sees, and believe a client's
    // `X-Forwarded-Proto` about it?
    let redirected_plain = obs
        .exchanges
        .iter()
        .find(|e| {
            (e.purpose == Purpose::PlainHttp
                || e.purpose == Purpose::Start && e.url.starts_with("http://"))
                && e.is_redirect()
                && e.header("location")
                    .is_some_and(|l| resolve(&e.url, l).starts_with("https://"))
        })
        .map(|e| e.url.clone());
    let origin = site.origin();
    let page = next.clone();
    type Request<'h> = (Purpose, String, Vec<(&'h str, &'h str)>);
    let mut requests: Vec<Request> = vec![
        (
            Purpose::NotFound,
            format!("{origin}{MISSING_PATH}"),
            Vec::new(),
        ),
        (
            Purpose::ForeignHost,
            page.clone(),
            vec![("Host", FOREIGN_HOST)],
        ),
        (Purpose::Admin, format!("{origin}/admin/login/"), Vec::new()),
    ];
    if let Some(plain) = redirected_plain {
        requests.push((
            Purpose::ForwardedProto,
            plain,
            vec![("X-Forwarded-Proto", "https")],
        ));
    }
    requests.push((
        Purpose::Cors,
        page.clone(),
        vec![("Origin", FOREIGN_ORIGIN)],
    ));
    requests.push((
        Purpose::DebugToolbar,
        format!("{origin}{DEBUG_TOOLBAR_PATH}"),
        Vec::new(),
    ));
    for (purpose, url, headers) in requests {
        if let Some(ex) = client.get(&mut run, purpose, &url, &headers) {
            obs.exchanges.push(ex);
        }
    }
    let asset = obs
        .final_page()
        .and_then(|page| static_asset(&page.body))
        .map(|p| resolve(&page, &p))
        .filter(|u| site.same_host(u));
    if let Some(asset) = asset
        && let Some(ex) = client.get(
            &mut run,
            Purpose::StaticAsset,
            &asset,
            &[("Accept-Encoding", "gzip, br")],
        )
    {
        obs.exchanges.push(ex);
    }
    if let Some(ex) = client.get(
        &mut run,
        Purpose::SecurityTxt,
        &format!("{origin}/.well-known/security.txt"),
        &[],
    ) {
        obs.exchanges.push(ex);
    }
    if let Some(path) = &options.health {
        let url = resolve(&format!("{origin}/"), path);
        if site.same_host(&url)
            && let Some(ex) = client.get(&mut run, Purpose::Health, &url, &[])
        {
            obs.exchanges.push(ex);
        }
    }
    obs.untrusted = client.untrusted.clone();
    obs.incomplete = run.notes();
    obs.scrub_secrets();
    Ok(obs)
}

/// Resolves a `Location` (absolute, absolute-path or relative) against
/// the URL it came from.
pub fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let Ok(t) = Target::parse(base) else {
        return location.to_string();
    };
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{}://{rest}", t.scheme);
    }
    if location.starts_with('/') {
        return format!("{}{location}", t.origin());
    }
    let dir = t.path.rsplit_once('/').map_or("", |(d, _)| d);
    format!("{}{dir}/{location}", t.origin())
}

/// The first stylesheet or script the page links to with a relative or
/// same-site URL.
pub fn static_asset(html: &str) -> Option<String> {
    for attr in ["href=\"", "src=\"", "href='", "src='"] {
        let quote = attr.chars().last().unwrap_or('"');
        let mut from = 0;
        while let Some(pos) = html[from..].find(attr) {
            let start = from + pos + attr.len();
            let Some(len) = html[start..].find(quote) else {
                break;
            };
            let url = &html[start..start + len];
            let path = url.split(['?', '#']).next().unwrap_or(url);
            if path.ends_with(".css") || path.ends_with(".js") {
                return Some(url.to_string());
            }
            from = start + len;
        }
    }
    None
}

struct Client {
    agent: ureq::Agent,
    /// Without certificate verification: used once the site's certificate
    /// has failed it (and `--insecure` was not given), so that the rest of
    /// the site is still judged; the certificate is WEB017's.
    lenient: ureq::Agent,
    /// Why the certificate failed verification, once it has.
    untrusted: Option<String>,
    budget: usize,
    pause: Duration,
    last: Option<Instant>,
}

/// Did the request fail to reach the server at all (no name, no
/// connection)? Then the `host:port` is not tried again.
fn unreachable(e: &ureq::Error) -> bool {
    use std::io::ErrorKind as K;
    match e {
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => true,
        ureq::Error::Io(io) => {
            matches!(
                io.kind(),
                K::ConnectionRefused
                    | K::HostUnreachable
                    | K::NetworkUnreachable
                    | K::AddrNotAvailable
                    | K::NotFound
            )
        }
        _ => false,
    }
}

/// The reason a request failed because the certificate did not verify
/// (`invalid peer certificate: UnknownIssuer`), if that is why.
fn certificate_rejected(e: &ureq::Error) -> Option<String> {
    let tls = match e {
        ureq::Error::Rustls(t) => Some(t),
        ureq::Error::Io(io) => io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()),
        _ => None,
    }?;
    matches!(tls, rustls::Error::InvalidCertificate(_)).then(|| tls.to_string())
}

/// One plain sentence for a failed request: what a user can act on.
fn plain_error(e: &ureq::Error, host_port: &str) -> String {
    use std::io::ErrorKind as K;
    let tls_failure = |t: &rustls::Error| format!("TLS handshake failed: {t}");
    match e {
        ureq::Error::HostNotFound => {
            let host = host_port.rsplit_once(':').map_or(host_port, |(h, _)| h);
            format!("no such host: {host}")
        }
        ureq::Error::ConnectionFailed => format!("could not connect to {host_port}"),
        ureq::Error::Rustls(t) => tls_failure(t),
        ureq::Error::Io(io) => {
            if let Some(t) = io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                return tls_failure(t);
            }
            match io.kind() {
                K::ConnectionRefused => format!("connection refused on {host_port}"),
                K::ConnectionReset => format!("{host_port} closed the connection"),
                K::UnexpectedEof => format!("{host_port} closed the connection without answering"),
                K::HostUnreachable | K::NetworkUnreachable => {
                    format!("{host_port} is unreachable")
                }
                _ => io.to_string(),
            }
        }
        other => other.to_string(),
    }
}

impl Client {
    fn new(options: &ProbeOptions) -> Self {
        let mut tls = ureq::tls::TlsConfig::builder().disable_verification(options.insecure);
        if !options.ca.is_empty() {
            let certs: Vec<ureq::tls::Certificate<'static>> = options
                .ca
                .iter()
                .map(|der| ureq::tls::Certificate::from_der(der).to_owned())
                .collect();
            tls = tls.root_certs(ureq::tls::RootCerts::new_with_certs(&certs));
        }
        Self {
            agent: Self::agent(options, tls.build()),
            lenient: Self::agent(
                options,
                ureq::tls::TlsConfig::builder()
                    .disable_verification(true)
                    .build(),
            ),
            untrusted: None,
            budget: options.budget,
            pause: options.pause,
            last: None,
        }
    }

    fn agent(options: &ProbeOptions, tls: ureq::tls::TlsConfig) -> ureq::Agent {
        ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(options.timeout))
            .user_agent(concat!(
                "golive/",
                env!("CARGO_PKG_VERSION"),
                " (production-readiness probe)"
            ))
            .tls_config(tls)
            .build()
            .into()
    }

    /// One GET, recorded whatever happens; `None` once the budget is spent,
    /// after the deadline, and for a `host:port` that could not be reached
    /// before — except the start page, whose failure is then recorded as
    /// that one (it is the site's answer, and WEB015's evidence).
    fn get(
        &mut self,
        run: &mut Run,
        purpose: Purpose,
        url: &str,
        headers: &[(&str, &str)],
    ) -> Option<Exchange> {
        if self.budget == 0 {
            return None;
        }
        let key = Target::parse(url).ok()?.host_port();
        let mut ex = Exchange {
            purpose,
            url: url.to_string(),
            request_headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            status: None,
            headers: Vec::new(),
            body: String::new(),
            error: None,
        };
        let limit = match run.step(&key, Step::Request) {
            Ok(limit) => limit,
            Err(Skip::Dead(why)) if purpose == Purpose::Start => {
                ex.error = Some(format!("{why} (not requested again)"));
                return Some(ex);
            }
            Err(_) => return None,
        };
        self.budget -= 1;
        if let Some(last) = self.last {
            let since = last.elapsed();
            if since < self.pause {
                std::thread::sleep(self.pause - since);
            }
        }
        self.last = Some(Instant::now());
        // The whole exchange — name, connection, TLS handshake, request,
        // response and body — within `limit`.
        let send = |agent: &ureq::Agent| {
            let mut request = agent.get(url).config().timeout_global(Some(limit)).build();
            for (k, v) in headers {
                request = request.header(*k, *v);
            }
            request.call()
        };
        let mut result = if self.untrusted.is_some() {
            send(&self.lenient)
        } else {
            send(&self.agent)
        };
        if let Err(e) = &result
            && let Some(why) = certificate_rejected(e)
        {
            self.untrusted = Some(why);
            result = send(&self.lenient);
        }
        match result {
            Ok(mut response) => {
                run.answered(&key);
                ex.status = Some(response.status().as_u16());
                ex.headers = response
                    .headers()
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.as_str().to_ascii_lowercase(),
                            String::from_utf8_lossy(v.as_bytes()).into_owned(),
                        )
                    })
                    .collect();
                // A static asset's body is not needed (and may be brotli).
                if purpose != Purpose::StaticAsset {
                    let mut buf = Vec::new();
                    use std::io::Read;
                    let _ = response
                        .body_mut()
                        .as_reader()
                        .take(MAX_BODY)
                        .read_to_end(&mut buf);
                    ex.body = String::from_utf8_lossy(&buf).into_owned();
                }
            }
            Err(ureq::Error::Timeout(_)) | Err(ureq::Error::BodyStalled) => {
                let why = format!("no answer within {}", seconds(limit));
                // A server that never answered is given up; one that did
                // answer before is only slow on this page.
                if !run.has_answered(&key) {
                    run.failed(&key, why.clone());
                }
                ex.error = Some(why);
            }
            Err(e) => {
                let why = plain_error(&e, &key);
                if unreachable(&e) {
                    run.failed(&key, why.clone());
                }
                ex.error = Some(why);
            }
        }
        Some(ex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = Target::parse("https://Shop.example.com:8443/shop/?q=1").unwrap();
        assert_eq!(
            (
                t.scheme.as_str(),
                t.authority.as_str(),
                t.path.as_str(),
                t.host()
            ),
            (
                "https",
                "Shop.example.com:8443",
                "/shop/?q=1",
                "Shop.example.com"
            )
        );
        assert!(t.same_site("http://shop.example.com/"));
        assert!(!t.same_site("https://evil.example/"));
        assert!(Target::parse("ftp://x").is_err());
        assert!(Target::parse("https://user:pw@x/").is_err());
        assert!(Target::parse("https://user:pa/ss@x/").is_err());
        assert!(Target::parse("https://x:99999/").is_err());
        assert_eq!(
            Target::parse("https://[::1]:8443/").unwrap().host_port(),
            "[::1]:8443"
        );
        assert_eq!(Target::parse("http://x?q").unwrap().path, "/?q");
        assert_eq!(Target::parse("https://x/").unwrap().port(), 443);
        assert_eq!(Target::parse("http://[::1]:8000").unwrap().host(), "::1");
    }

    #[test]
    fn locations_resolve() {
        assert_eq!(
            resolve("http://a.example/x/y", "/login/"),
            "http://a.example/login/"
        );
        assert_eq!(resolve("http://a.example/x/y", "z"), "http://a.example/x/z");
        assert_eq!(
            resolve("http://a.example/", "https://a.example/"),
            "https://a.example/"
        );
        assert_eq!(
            resolve("https://a.example/", "//cdn.example/x"),
            "https://cdn.example/x"
        );
    }

    #[test]
    fn assets_in_pages() {
        assert_eq!(
            static_asset(r#"<link rel="stylesheet" href="/static/css/site.4f2a.css"><script src="/static/app.js">"#).as_deref(),
            Some("/static/css/site.4f2a.css")
        );
        assert_eq!(static_asset("<p>no assets</p>"), None);
    }

    #[test]
    fn an_unreachable_start_url_is_an_error_in_one_sentence() {
        // A closed port on loopback: nothing to judge, said plainly.
        let err = probe(
            "http://127.0.0.1:9/",
            &ProbeOptions::with_timeout(Duration::from_millis(500)),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "could not probe http://127.0.0.1:9/: connection refused on 127.0.0.1:9"
        );
    }

    /// A server on loopback that runs `handle` on each connection.
    fn serve(handle: fn(std::net::TcpStream)) -> u16 {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(s) = stream else { break };
                std::thread::spawn(move || handle(s));
            }
        });
        port
    }

    fn read_request(s: &mut std::net::TcpStream) {
        use std::io::Read;
        let mut buf = [0u8; 4096];
        let mut got = Vec::new();
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    }

    #[test]
    fn a_server_that_never_answers_costs_one_timeout() {
        let port = serve(|s| {
            std::thread::sleep(Duration::from_secs(30));
            drop(s);
        });
        let started = Instant::now();
        let err = probe(
            &format!("http://127.0.0.1:{port}/"),
            &ProbeOptions::with_timeout(Duration::from_millis(600)),
        )
        .unwrap_err();
        // A bound against hanging, not a timing assertion.
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            err.to_string(),
            format!("could not probe http://127.0.0.1:{port}/: no answer within 600 ms")
        );
    }

    /// Answers by path: `/` redirects to `http://localhost:PORT/home/`
    /// (another loopback name: the same site), `/loop/` to itself,
    /// `/away/` to another site, `/deep/N/` to `/deep/N+1/`; every other
    /// path is a page.
    fn redirecting_site(mut s: std::net::TcpStream) {
        use std::io::{Read, Write};
        let mut buf = [0u8; 4096];
        let mut got = Vec::new();
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
        let request = String::from_utf8_lossy(&got).to_string();
        let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
        let port = s.local_addr().map(|a| a.port()).unwrap_or(0);
        let location = match path.as_str() {
            "/" => Some(format!("http://localhost:{port}/home/")),
            "/loop/" => Some("/loop/".to_string()),
            "/away/" => Some("https://elsewhere.example/".to_string()),
            "/dead/" => Some("http://127.0.0.1:9/".to_string()),
            p if p.starts_with("/deep/") => {
                let n: u32 = p
                    .trim_matches('/')
                    .trim_start_matches("deep/")
                    .parse()
                    .unwrap_or(0);
                Some(format!("/deep/{}/", n + 1))
            }
            _ => None,
        };
        let response = match location {
            Some(l) => format!(
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {l}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ),
            None => {
                let body = format!("<html><body>page {path}</body></html>");
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Frame-Options: DENY\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
            }
        };
        let _ = s.write_all(response.as_bytes());
    }

    #[test]
    fn redirects_within_the_site_are_followed_and_the_rest_asked_there() {
        let port = serve(redirecting_site);
        let obs = probe(
            &format!("http://127.0.0.1:{port}/"),
            &ProbeOptions::with_timeout(Duration::from_secs(2)),
        )
        .unwrap();
        assert_eq!(obs.landing, Landing::Page);
        let page = obs.final_page().unwrap();
        assert_eq!(page.url, format!("http://localhost:{port}/home/"));
        assert_eq!(page.status, Some(200));
        // The 404 page, the admin and the CORS request go to the final
        // origin, not to the URL given.
        for purpose in [Purpose::NotFound, Purpose::Admin, Purpose::Cors] {
            let ex = obs.of(purpose).next().unwrap();
            assert!(
                ex.url.starts_with(&format!("http://localhost:{port}/")),
                "{purpose:?}: {}",
                ex.url
            );
        }
        let cors = obs.of(Purpose::Cors).next().unwrap();
        assert_eq!(
            cors.request_headers,
            [("Origin".to_string(), FOREIGN_ORIGIN.to_string())]
        );
    }

    #[test]
    fn loops_long_chains_and_other_sites_are_where_the_probe_stops() {
        let port = serve(redirecting_site);
        let options = ProbeOptions::with_timeout(Duration::from_secs(2));
        let at = |path: &str| probe(&format!("http://127.0.0.1:{port}{path}"), &options).unwrap();
        let looped = at("/loop/");
        assert_eq!(
            looped.landing,
            Landing::Loop {
                url: format!("http://127.0.0.1:{port}/loop/")
            }
        );
        assert!(looped.final_page().is_none());
        // Nothing else is asked of a site that does not serve a page.
        assert!(looped.exchanges.iter().all(|e| e.purpose == Purpose::Start));
        let away = at("/away/");
        assert_eq!(
            away.landing,
            Landing::OffSite {
                url: "https://elsewhere.example/".into()
            }
        );
        let dead = at("/dead/");
        assert_eq!(
            dead.landing,
            Landing::DeadEnd {
                url: "http://127.0.0.1:9/".into(),
                why: "connection refused on 127.0.0.1:9".into()
            }
        );
        assert!(dead.final_page().is_none());
        let deep = at("/deep/0/");
        assert_eq!(deep.landing, Landing::TooManyHops { hops: 6 });
        assert_eq!(deep.exchanges.len(), 6);
    }

    #[test]
    fn sites_are_registrable_domains() {
        let t = Target::parse("https://example.co.uk/").unwrap();
        assert!(t.same_site("https://www.example.co.uk/"));
        assert!(!t.same_site("https://other.co.uk/"));
        let t = Target::parse("https://shop.example.com/").unwrap();
        assert!(t.same_site("https://example.com/"));
        assert!(t.same_site("http://blog.example.com/"));
        assert!(!t.same_site("https://example.org/"));
        let t = Target::parse("https://127.0.0.1:8443/").unwrap();
        assert!(t.same_site("https://localhost:8443/"));
        assert!(!t.same_site("https://10.0.0.1/"));
    }

    #[test]
    fn a_dribbled_body_ends_with_the_connection_and_the_run_with_its_deadline() {
        use std::io::Write;
        let port = serve(|mut s| {
            read_request(&mut s);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
            for _ in 0..300 {
                if s.write_all(b"a").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let options = ProbeOptions {
            deadline: Duration::from_millis(1500),
            ..ProbeOptions::with_timeout(Duration::from_millis(600))
        };
        let started = Instant::now();
        let obs = probe(&format!("http://127.0.0.1:{port}/"), &options).unwrap();
        let took = started.elapsed();
        assert!(took < Duration::from_secs(4), "{took:?}");
        assert!(
            obs.exchanges.len() >= 2 && obs.exchanges.iter().all(|e| e.status == Some(200)),
            "{obs:#?}"
        );
        assert!(
            obs.incomplete
                .iter()
                .any(|n| n.starts_with("the probe stopped at its deadline (1.5 s): ")),
            "{obs:#?}"
        );
    }

    #[test]
    fn cookie_values_are_dropped_when_read() {
        use std::io::Write;
        let port = serve(|mut s| {
            read_request(&mut s);
            let body = "<form><input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"FormTokenFormToken\"></form>";
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nSet-Cookie: sessionid=SessionValue1234567890; HttpOnly; Path=/\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        });
        let obs = probe(
            &format!("http://127.0.0.1:{port}/"),
            &ProbeOptions::with_timeout(Duration::from_secs(2)),
        )
        .unwrap();
        let json = serde_json::to_string(&obs).unwrap();
        assert!(
            !json.contains("SessionValue1234567890") && !json.contains("FormTokenFormToken"),
            "{json}"
        );
        assert_eq!(
            obs.exchanges[0].header("set-cookie"),
            Some("sessionid=…(redacted); HttpOnly; Path=/")
        );
    }

    #[test]
    fn credentials_are_refused_and_not_repeated() {
        for url in [
            "https://admin:hunter2pw@shop.example.com/",
            "https://admin:hunter2pw@shop.example.com",
            "http://admin:hun/ter2pw@shop.example.com/",
        ] {
            let e = probe(url, &ProbeOptions::default())
                .unwrap_err()
                .to_string();
            assert!(
                !e.contains("hunter2pw") && !e.contains("ter2pw") && !e.contains("admin"),
                "{e}"
            );
            assert!(e.contains("shop.example.com"), "{e}");
        }
        let options = ProbeOptions {
            http_url: Some("http://a:hunter2pw@shop.example.com/".into()),
            ..ProbeOptions::default()
        };
        let e = probe("https://shop.example.com/", &options)
            .unwrap_err()
            .to_string();
        assert!(!e.contains("hunter2pw"), "{e}");
    }
}

/// Where each part of an exchange sits in the [`transcript`].
#[derive(Clone, Debug, Default)]
pub struct ExchangeLines {
    /// The request line (`GET https://… [start]`).
    pub request: std::ops::Range<usize>,
    /// The status line, or the error.
    pub status: std::ops::Range<usize>,
    /// One range per response header, in order.
    pub headers: Vec<std::ops::Range<usize>>,
}

/// The observation as text — the "source" that live findings point at.
/// Cookie values are masked (a session id is a credential).
pub fn transcript(obs: &Observation) -> (String, Vec<ExchangeLines>) {
    let mut text = format!("# golive probe of {}\n", obs.target);
    if let Some(tls) = &obs.tls {
        text.push_str(&tls_summary(tls));
    }
    let mut lines = Vec::new();
    for ex in &obs.exchanges {
        let mut l = ExchangeLines::default();
        text.push('\n');
        let start = text.len();
        let purpose = serde_json::to_value(ex.purpose)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        text.push_str(&format!("GET {}  [{purpose}]", ex.url));
        for (k, v) in &ex.request_headers {
            text.push_str(&format!("  {k}: {v}"));
        }
        l.request = start..text.len();
        text.push('\n');
        let start = text.len();
        match (ex.status, &ex.error) {
            (Some(s), _) => text.push_str(&format!("< {s}")),
            (None, Some(e)) => text.push_str(&format!("! {e}")),
            (None, None) => text.push_str("! no response"),
        }
        l.status = start..text.len();
        text.push('\n');
        for (k, v) in &ex.headers {
            let start = text.len();
            let shown = if k == "set-cookie" {
                mask_cookie(v)
            } else {
                v.clone()
            };
            text.push_str(&format!("< {k}: {shown}"));
            l.headers.push(start..text.len());
            text.push('\n');
        }
        lines.push(l);
    }
    (text, lines)
}

/// The TLS facts as transcript lines; the first line starts with `TLS `,
/// the certificate lines with `cert `, the legacy lines with `legacy `.
fn tls_summary(tls: &TlsFacts) -> String {
    let mut out = String::new();
    match (&tls.protocol, &tls.error) {
        (Some(p), _) => out.push_str(&format!(
            "TLS {p} {} alpn={}\n",
            tls.cipher_suite.as_deref().unwrap_or("?"),
            tls.alpn.as_deref().unwrap_or("-")
        )),
        (None, Some(e)) => out.push_str(&format!("TLS handshake failed: {e}\n")),
        (None, None) => out.push_str("TLS not observed\n"),
    }
    for (i, c) in tls.chain.iter().enumerate() {
        out.push_str(&format!(
            "cert[{i}] subject={} issuer={} not_after={} names={}\n",
            c.subject,
            c.issuer,
            c.not_after,
            c.names.join(",")
        ));
    }
    if let Some(why) = &tls.invalid {
        out.push_str(&format!("cert verdict: {why}\n"));
    }
    for (version, accepted) in &tls.legacy {
        out.push_str(&format!(
            "legacy {version}: {}\n",
            if *accepted { "accepted" } else { "refused" }
        ));
    }
    out
}

/// The byte range of the first transcript line that starts with `prefix`.
pub fn transcript_line(text: &str, prefix: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with(prefix) {
            return Some(offset..offset + line.trim_end().len());
        }
        offset += line.len();
    }
    None
}

/// `sessionid=abc…; Secure` → `sessionid=…(32 chars); Secure`; a value
/// already [`REDACTED`] stays so.
pub fn mask_cookie(set_cookie: &str) -> String {
    let (pair, attrs) = set_cookie
        .split_once(';')
        .map_or((set_cookie, ""), |(p, a)| (p, a));
    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
    let masked = if value.is_empty() || value == REDACTED {
        value.to_string()
    } else {
        format!("…({} chars)", value.chars().count())
    };
    if attrs.is_empty() {
        format!("{name}={masked}")
    } else {
        format!("{name}={masked};{attrs}")
    }
}
