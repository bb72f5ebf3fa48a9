//! How requests flow through an nginx configuration: which locations hand
//! requests to Django, the levels a location inherits directives from, and
//! nginx's size and time syntax. The rules of every layer that look at
//! nginx (NGX, XDP) build on these; inheritance itself
//! (`inherited_value`, `inherited_list`) lives beside them in this module.

use super::{Level, NginxConfig, Node, Scoped};
use golive_source::Span;
use std::collections::HashSet;

/// A location that hands requests to the application server.
pub struct AppLocation<'a> {
    pub server: &'a Node,
    pub location: Scoped<'a>,
    /// The `proxy_pass` (or `uwsgi_pass`, …) directive.
    pub pass: &'a Node,
}

/// Every location of every server that passes requests to the Django
/// application (not to another service: `NginxConfig::not_app`).
pub fn app_locations(config: &NginxConfig) -> Vec<AppLocation<'_>> {
    let elsewhere = elsewhere(config);
    let mut out = Vec::new();
    for server in config.servers() {
        for location in super::locations(server) {
            if let Some(pass) = app_pass(&elsewhere, location.node) {
                out.push(AppLocation {
                    server,
                    location,
                    pass,
                });
            }
        }
    }
    out
}

/// The passes that hand requests to something other than Django
/// (`NginxConfig::not_app`), to look up.
fn elsewhere(config: &NginxConfig) -> HashSet<Span> {
    config.not_app.iter().map(|(s, _)| *s).collect()
}

/// The directive by which a location hands requests to Django.
fn app_pass<'a>(elsewhere: &HashSet<Span>, location: &'a Node) -> Option<&'a Node> {
    super::passes_to_app(location).filter(|p| !elsewhere.contains(&p.span()))
}

/// Does this server hand any request to the application? (For every
/// server of a configuration at once: [`app_servers`].)
pub fn serves_app(config: &NginxConfig, server: &Node) -> bool {
    let passes: Vec<&Node> = super::locations(server)
        .iter()
        .filter_map(|l| super::passes_to_app(l.node))
        .collect();
    if passes.is_empty() || config.not_app.is_empty() {
        return !passes.is_empty();
    }
    let elsewhere = elsewhere(config);
    passes.iter().any(|p| !elsewhere.contains(&p.span()))
}

/// The servers that hand any request to the application, by address.
pub fn app_servers(config: &NginxConfig) -> HashSet<*const Node> {
    let elsewhere = elsewhere(config);
    config
        .servers()
        .into_iter()
        .filter(|s| {
            super::locations(s)
                .iter()
                .any(|l| app_pass(&elsewhere, l.node).is_some())
        })
        .map(std::ptr::from_ref)
        .collect()
}

/// The levels a location inherits from, outermost first: http, server,
/// the enclosing locations, the location itself.
pub fn levels<'a>(config: &'a NginxConfig, scoped: &Scoped<'a>) -> Vec<Level<'a>> {
    let mut out: Vec<Level<'a>> = vec![config.http()];
    out.extend(scoped.outer.iter().map(|n| n.level()));
    out.push(scoped.node.level());
    out
}

/// A location's match: its modifier (`=`, `~`, `~*`, `^~`, none) and path.
pub fn location_match(node: &Node) -> (Option<&str>, &str) {
    match (node.arg(0), node.arg(1)) {
        (Some(m @ ("=" | "~" | "~*" | "^~")), Some(path)) => (Some(m), path),
        (Some(path), _) => (None, path),
        _ => (None, ""),
    }
}

/// Is this a prefix location (not a regular expression or exact match)?
pub fn is_prefix(node: &Node) -> bool {
    node.name == "location" && matches!(location_match(node).0, None | Some("^~"))
}

/// Does a location serve files from disk (and not pass them on)?
pub fn serves_files(levels: &[Level<'_>], node: &Node) -> bool {
    super::passes_to_app(node).is_none()
        && node.first("return").is_none()
        && (node.first("alias").is_some() || super::inherited_value(levels, "root").is_some())
}

/// Parses an nginx size (`10m`, `1G`, `512k`, `100`) into bytes.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1024),
        'm' | 'M' => (&s[..s.len() - 1], 1024 * 1024),
        'g' | 'G' => (&s[..s.len() - 1], 1024 * 1024 * 1024),
        _ => (s, 1),
    };
    num.parse::<u64>().ok().map(|n| n.saturating_mul(mult))
}

/// Parses an nginx time (`1y`, `30d`, `12h`, `max`) into seconds; `None`
/// for `off`, `epoch` and negative times.
pub fn parse_time(s: &str) -> Option<u64> {
    if s == "max" {
        return Some(10 * 365 * 86400);
    }
    let mut total = 0u64;
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u64 = num.parse().ok()?;
        num.clear();
        let unit = match c {
            'y' => 365 * 86400,
            'M' => 30 * 86400,
            'w' => 7 * 86400,
            'd' => 86400,
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        total = total.saturating_add(n.saturating_mul(unit));
    }
    if !num.is_empty() {
        total = total.saturating_add(num.parse().ok()?);
    }
    Some(total)
}

/// The first segment of a prefix location's path (`/static/css/` →
/// `static`), lower-cased.
pub fn first_segment(node: &Node) -> Option<String> {
    if !is_prefix(node) {
        return None;
    }
    let path = location_match(node).1;
    path.trim_start_matches('/')
        .split('/')
        .next()
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
}

/// Every location of every server, with the levels it inherits from.
pub fn all_locations(config: &NginxConfig) -> Vec<(&Node, Scoped<'_>)> {
    config
        .servers()
        .into_iter()
        .flat_map(|s| super::locations(s).into_iter().map(move |l| (s, l)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_times() {
        assert_eq!(parse_size("10m"), Some(10 * 1024 * 1024));
        assert_eq!(parse_size("0"), Some(0));
        assert_eq!(parse_size("1G"), Some(1 << 30));
        assert_eq!(parse_size("ten"), None);
        assert_eq!(parse_time("1y"), Some(365 * 86400));
        assert_eq!(parse_time("1d12h"), Some(86400 + 12 * 3600));
        assert_eq!(parse_time("30"), Some(30));
        assert_eq!(parse_time("off"), None);
        assert_eq!(parse_time("-1"), None);
    }
}
