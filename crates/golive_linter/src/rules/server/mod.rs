//! `SRV`: rules over the application server — how gunicorn, uvicorn,
//! daphne, uwsgi (or, wrongly, runserver) are started, and the systemd
//! units that start them.

pub(crate) mod app_server_public_bind;
pub(crate) mod app_server_reload;
pub(crate) mod app_server_single_worker;
pub(crate) mod runserver_in_production;
pub(crate) mod systemd_no_restart;
pub(crate) mod systemd_runs_as_root;
pub(crate) mod uwsgi_without_safeguards;
pub(crate) mod worker_timeout_disabled;

use golive_infra::deployment::{Process, ProcessOrigin};

/// Where a process is declared, for messages.
pub(crate) fn origin_text(p: &Process) -> String {
    match &p.origin {
        ProcessOrigin::Dockerfile => "the Dockerfile's command".into(),
        other => other.describe(),
    }
}

/// The production processes (not from development files).
pub(crate) fn production(processes: &[Process]) -> impl Iterator<Item = &Process> {
    processes.iter().filter(|p| !p.dev)
}
