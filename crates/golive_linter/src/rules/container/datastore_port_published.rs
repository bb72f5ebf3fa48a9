//! DKR004: a database or cache published on every interface.

use super::is_dev_service;
use crate::infra::InfraContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a compose service running a database, cache or broker
    /// image (PostgreSQL, MySQL, MariaDB, Redis, Valkey, Memcached,
    /// MongoDB, RabbitMQ, Elasticsearch, OpenSearch) that publishes a port
    /// without binding it to `127.0.0.1`.
    ///
    /// ## Why is this bad?
    /// `ports: ["5432:5432"]` listens on every interface of the host, and
    /// Docker inserts its own firewall rules ahead of ufw and firewalld: the
    /// database is on the internet even when the host firewall says it is
    /// not. Redis without a password on a public port is taken over within
    /// minutes. The application reaches the service over the compose
    /// network and needs no published port at all.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     ports: ["5432:5432"]
    /// ```
    ///
    /// Use instead (or no `ports` at all):
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     ports: ["127.0.0.1:5432:5432"]
    /// ```
    ///
    /// ## References
    /// - [Docker: Packet filtering and firewalls](https://docs.docker.com/engine/network/packet-filtering-firewalls/)
    pub(crate) static DATASTORE_PORT_PUBLISHED = {
        code: "DKR004",
        name: "datastore-port-published",
        severity: Warning,
        django_id: None,
    };
}

const DATASTORES: &[&str] = &[
    "postgres",
    "postgis",
    "mysql",
    "mariadb",
    "redis",
    "valkey",
    "keydb",
    "memcached",
    "mongo",
    "rabbitmq",
    "elasticsearch",
    "opensearch",
];

pub(crate) fn check(ctx: &InfraContext) {
    for c in ctx.deployment.compose.iter().filter(|c| !c.dev) {
        for s in c.facts.services.iter().filter(|s| !is_dev_service(s)) {
            let Some(image) = s.image.as_deref() else {
                continue;
            };
            let name = image
                .rsplit('/')
                .next()
                .unwrap_or(image)
                .split([':', '@'])
                .next()
                .unwrap_or("");
            let Some(kind) = DATASTORES.iter().find(|d| name.starts_with(*d)) else {
                continue;
            };
            for p in &s.ports {
                let public = p
                    .host_ip
                    .as_deref()
                    .is_none_or(|ip| matches!(ip, "0.0.0.0" | "::" | ""));
                if public && (p.host_port.is_some() || p.host_ip.is_none()) {
                    ctx.report(
                        &DATASTORE_PORT_PUBLISHED,
                        golive_source::Span::new(c.file, p.range),
                        format!("service `{}` ({kind}) publishes port {} on every interface of the host", s.name, p.container_port),
                        Some(format!(
                            "remove the port, or bind it to loopback: \"127.0.0.1:{}:{}\"",
                            p.host_port.as_deref().unwrap_or(&p.container_port),
                            p.container_port
                        )),
                        Vec::new(),
                    );
                }
            }
        }
    }
}
