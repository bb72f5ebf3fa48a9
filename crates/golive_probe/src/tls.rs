//! TLS facts of a site: one rustls handshake that records the negotiated
//! protocol, cipher suite and ALPN and the whole certificate chain (read
//! with x509-parser), with the verdict of the real WebPKI verifier kept
//! rather than enforced — an invalid certificate is described, not a
//! dead end; and, for TLS 1.0 and 1.1, which rustls cannot speak, a
//! hand-written ClientHello whose first answer says whether the server
//! accepts the version.

use crate::limits::{Run, Skip, host_port, seconds};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, Error as TlsError, SignatureScheme};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One certificate of the chain the server sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertFacts {
    pub subject: String,
    pub issuer: String,
    /// Expiry, seconds since the Unix epoch.
    pub not_after: i64,
    /// DNS names and IP addresses the certificate covers.
    pub names: Vec<String>,
}

/// What the TLS handshake showed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsFacts {
    /// `TLSv1_3`, `TLSv1_2`.
    pub protocol: Option<String>,
    pub cipher_suite: Option<String>,
    pub alpn: Option<String>,
    /// Leaf first.
    pub chain: Vec<CertFacts>,
    /// The WebPKI verdict with Mozilla's roots: `None` when valid, else why
    /// not (`invalid peer certificate: UnknownIssuer`).
    pub invalid: Option<String>,
    /// The handshake itself failed.
    pub error: Option<String>,
    /// Legacy versions tried with a raw ClientHello: (`TLSv1.0`, accepted).
    pub legacy: Vec<(String, bool)>,
    /// When the facts were taken, seconds since the Unix epoch (so that a
    /// recording judges expiry as of its own day).
    pub observed_at: i64,
}

/// Keeps the chain and the real verifier's verdict, and lets the handshake
/// go on.
#[derive(Debug)]
struct Recorder {
    inner: Arc<rustls::client::WebPkiServerVerifier>,
    seen: Mutex<(Vec<Vec<u8>>, Option<String>)>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        let verdict = self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
            .err()
            .map(|e| e.to_string());
        if let Ok(mut seen) = self.seen.lock() {
            seen.0 = std::iter::once(end_entity)
                .chain(intermediates.iter())
                .map(|c| c.as_ref().to_vec())
                .collect();
            seen.1 = verdict;
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// Takes the TLS facts of `host:port`: each of its three connections (the
/// handshake and two legacy hellos) within `timeout`, connect to last
/// byte, and all of them within three times that.
pub fn observe_tls(host: &str, port: u16, timeout: Duration) -> TlsFacts {
    observe(
        host,
        port,
        &mut Run::new(timeout, timeout.saturating_mul(3)),
        &[],
    )
}

/// The TLS facts within a probe run: a connection failure, or a handshake
/// that does not finish in time, gives `host:port` up (the legacy hellos
/// and the requests that follow are not made).
///
/// `ca` (DER certificates), when given, is trusted instead of Mozilla's
/// roots (`--ca`).
pub(crate) fn observe(host: &str, port: u16, run: &mut Run, ca: &[Vec<u8>]) -> TlsFacts {
    let mut facts = TlsFacts {
        observed_at: now(),
        ..TlsFacts::default()
    };
    match handshake(host, port, run, ca, &mut facts) {
        Ok(()) => {}
        Err(e) => facts.error = Some(e),
    }
    for (name, minor) in [("TLSv1.0", 1u8), ("TLSv1.1", 2u8)] {
        if let Some(accepted) = legacy_accepted(host, port, minor, run) {
            facts.legacy.push((name.to_string(), accepted));
        }
    }
    facts
}

fn handshake(
    host: &str,
    port: u16,
    run: &mut Run,
    ca: &[Vec<u8>],
    facts: &mut TlsFacts,
) -> Result<(), String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = if ca.is_empty() {
        rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        }
    } else {
        let mut store = rustls::RootCertStore::empty();
        for der in ca {
            store
                .add(CertificateDer::from(der.clone()))
                .map_err(|e| format!("the CA certificate cannot be used: {e}"))?;
        }
        store
    };
    let inner = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build()
    .map_err(|e| e.to_string())?;
    let recorder = Arc::new(Recorder {
        inner,
        seen: Mutex::new((Vec::new(), None)),
    });
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let name = ServerName::try_from(host.to_string()).map_err(|e| e.to_string())?;
    let mut conn =
        rustls::ClientConnection::new(Arc::new(config), name).map_err(|e| e.to_string())?;
    let mut sock = match run.connect(host, port) {
        Ok(sock) => sock,
        Err(Skip::Dead(why)) => return Err(why),
        Err(Skip::Late) => {
            return Err(format!(
                "not attempted: the probe reached its deadline ({})",
                seconds(run.deadline)
            ));
        }
    };
    // Every read and write of the handshake ends by the connection's
    // deadline, however slowly the server sends.
    while conn.is_handshaking() {
        if let Err(e) = conn.complete_io(&mut sock) {
            // A read past the connection's deadline ends as TimedOut or,
            // on a socket with a timeout, WouldBlock (EAGAIN, "os error
            // 11"): both mean the server did not finish the handshake.
            if matches!(
                e.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) {
                let why = format!(
                    "the TLS handshake did not finish within {}",
                    seconds(sock.limit)
                );
                run.failed(&host_port(host, port), why.clone());
                return Err(why);
            }
            return Err(e.to_string());
        }
    }
    run.answered(&host_port(host, port));
    facts.protocol = conn.protocol_version().map(|v| format!("{v:?}"));
    facts.cipher_suite = conn
        .negotiated_cipher_suite()
        .map(|s| format!("{:?}", s.suite()));
    facts.alpn = conn
        .alpn_protocol()
        .map(|p| String::from_utf8_lossy(p).into_owned());
    let (ders, verdict) = recorder.seen.lock().map(|s| s.clone()).unwrap_or_default();
    facts.invalid = verdict;
    facts.chain = ders.iter().filter_map(|d| describe(d)).collect();
    conn.send_close_notify();
    let _ = conn.complete_io(&mut sock);
    Ok(())
}

fn describe(der: &[u8]) -> Option<CertFacts> {
    use x509_parser::prelude::*;
    let (_, cert) = parse_x509_certificate(der).ok()?;
    let mut names = Vec::new();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for n in &san.value.general_names {
            match n {
                GeneralName::DNSName(d) => names.push(d.to_string()),
                GeneralName::IPAddress(ip) => match ip.len() {
                    4 => {
                        names.push(std::net::Ipv4Addr::new(ip[0], ip[1], ip[2], ip[3]).to_string())
                    }
                    16 => {
                        let mut b = [0u8; 16];
                        b.copy_from_slice(ip);
                        names.push(std::net::Ipv6Addr::from(b).to_string());
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }
    Some(CertFacts {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        not_after: cert.validity().not_after.timestamp(),
        names,
    })
}

/// A TLS 1.0 (`minor` 1) or 1.1 (`minor` 2) ClientHello with common
/// suites of that era; `None` when the server could not be reached.
fn client_hello(host: &str, minor: u8) -> Vec<u8> {
    let mut body = vec![3, minor];
    // Random: fixed bytes are fine for a version probe.
    body.extend((0..32u8).map(|i| i.wrapping_mul(37).wrapping_add(11)));
    body.push(0); // no session id
    let suites: [u16; 8] = [
        0xc013, 0xc014, 0xc009, 0xc00a, 0x002f, 0x0035, 0x000a, 0x00ff,
    ];
    body.extend(u16::try_from(suites.len() * 2).unwrap_or(0).to_be_bytes());
    for s in suites {
        body.extend(s.to_be_bytes());
    }
    body.extend([1, 0]); // null compression
    let mut ext = Vec::new();
    if host.parse::<std::net::IpAddr>().is_err() {
        let name = host.as_bytes();
        let n = u16::try_from(name.len()).unwrap_or(0);
        ext.extend([0, 0]);
        ext.extend((n + 5).to_be_bytes());
        ext.extend((n + 3).to_be_bytes());
        ext.push(0);
        ext.extend(n.to_be_bytes());
        ext.extend(name);
    }
    ext.extend([
        0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x17, 0x00, 0x18, 0x00, 0x1d,
    ]); // supported groups
    ext.extend([0x00, 0x0b, 0x00, 0x02, 0x01, 0x00]); // ec point formats
    ext.extend([0xff, 0x01, 0x00, 0x01, 0x00]); // renegotiation info
    body.extend(u16::try_from(ext.len()).unwrap_or(0).to_be_bytes());
    body.extend(ext);
    let len = u32::try_from(body.len()).unwrap_or(0).to_be_bytes();
    let mut handshake = vec![1, len[1], len[2], len[3]];
    handshake.extend(body);
    let mut record = vec![0x16, 3, 1];
    record.extend(u16::try_from(handshake.len()).unwrap_or(0).to_be_bytes());
    record.extend(handshake);
    record
}

/// Does the server answer a legacy ClientHello with a ServerHello of that
/// version? An alert, a closed connection or no answer in time means no;
/// `None` when no connection was made.
fn legacy_accepted(host: &str, port: u16, minor: u8, run: &mut Run) -> Option<bool> {
    let mut sock = run.connect(host, port).ok()?;
    sock.write_all(&client_hello(host, minor)).ok()?;
    let mut head = [0u8; 11];
    let mut got = 0;
    while got < head.len() {
        match sock.read(&mut head[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    if got < 11 {
        return Some(false);
    }
    // Handshake record, ServerHello, server_version = 3.minor.
    Some(head[0] == 0x16 && head[5] == 0x02 && head[9] == 3 && head[10] == minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hello_is_well_formed() {
        let h = client_hello("shop.example.com", 1);
        assert_eq!(h[0], 0x16);
        let record_len = usize::from(u16::from_be_bytes([h[3], h[4]]));
        assert_eq!(record_len, h.len() - 5);
        assert_eq!(h[5], 1);
        let hs_len = (usize::from(h[6]) << 16) | (usize::from(h[7]) << 8) | usize::from(h[8]);
        assert_eq!(hs_len, h.len() - 9);
        assert_eq!(&h[9..11], &[3, 1]);
        // No SNI for an address.
        assert!(client_hello("127.0.0.1", 2).len() < h.len());
    }

    #[test]
    fn a_dribbled_handshake_ends_at_its_deadline() {
        // A TLS record header, then one byte at a time: every read is
        // quick, the handshake never finishes.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut s) = stream else { break };
                std::thread::spawn(move || {
                    let _ = s.write_all(&[0x16, 3, 3, 0x40, 0x00]);
                    for _ in 0..600 {
                        if s.write_all(&[2]).is_err() {
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(100));
                    }
                });
            }
        });
        let started = std::time::Instant::now();
        let f = observe_tls("127.0.0.1", port, Duration::from_millis(800));
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            f.error.as_deref(),
            Some("the TLS handshake did not finish within 800 ms")
        );
        // The host was given up: no legacy hello.
        assert!(f.legacy.is_empty());
    }

    #[test]
    fn closed_ports_are_facts() {
        let f = observe_tls("127.0.0.1", 9, Duration::from_millis(300));
        assert!(f.error.is_some());
        assert!(f.legacy.is_empty());
    }
}
