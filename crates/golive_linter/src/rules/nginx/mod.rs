//! `NGX`: rules over the nginx configuration. What they share — which
//! locations hand requests to Django, the levels a location inherits from —
//! is a fact of the configuration: `golive_infra::nginx::flow`.

pub(crate) mod add_header_dropped;
pub(crate) mod alias_slash_mismatch;
pub(crate) mod http_not_redirected;
pub(crate) mod media_served_inline;
pub(crate) mod proxy_headers_missing;
pub(crate) mod proxy_host_from_client;
pub(crate) mod server_tokens_on;
pub(crate) mod static_not_cached;
pub(crate) mod tls_protocol_weak;
pub(crate) mod unknown_host_not_rejected;
pub(crate) mod upload_limit_default;
pub(crate) mod upload_limit_unbounded;

pub(crate) use golive_infra::nginx::flow::{
    all_locations, app_locations, app_servers, first_segment, is_prefix, levels, location_match,
    parse_size, parse_time, serves_app, serves_files,
};
