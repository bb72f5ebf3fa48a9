//! The deployment model: every infrastructure file of the project, parsed
//! into facts. Built once per audit from the project's file list; the
//! layer rules and the cross-layer rules read it.

use crate::nginx::{self, NginxConfig};
use golive_source::SourceDb;
use std::path::{Path, PathBuf};

/// What golive found around the settings.
#[derive(Debug, Default)]
pub struct Deployment {
    /// nginx configurations, one per root file (a file that another
    /// configuration includes is not a root of its own).
    pub nginx: Vec<NginxConfig>,
    /// Infrastructure files golive could not read, with the reason.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl Deployment {
    /// Reads the infrastructure files among `files` (absolute paths under
    /// `root`).
    pub fn scan(root: &Path, files: &[PathBuf], sources: &mut SourceDb) -> Self {
        let mut deployment = Deployment::default();
        let mut candidates: Vec<&PathBuf> = files.iter().filter(|p| nginx::looks_like_nginx_path(p.strip_prefix(root).unwrap_or(p))).collect();
        // Main configurations first, so that the files they include are
        // read as part of them and not as roots.
        candidates.sort_by_key(|p| (p.file_name().is_none_or(|n| n != "nginx.conf"), p.to_path_buf()));
        let mut configs: Vec<NginxConfig> = Vec::new();
        for path in candidates {
            if let Some(id) = sources.find(path)
                && configs.iter().any(|c| c.files.contains(&id))
            {
                continue;
            }
            let mut loader = nginx::Loader { root, sources };
            match loader.load(path) {
                Ok(config) if config.looks_like_nginx() => configs.push(config),
                Ok(_) => {}
                Err(e) => deployment.unreadable.push((path.clone(), e)),
            }
        }
        // A site file loaded before the main configuration that includes
        // it would be audited twice; keep it inside the main one only.
        let included: Vec<golive_source::FileId> = configs.iter().flat_map(|c| c.files.iter().skip(1).copied()).collect();
        configs.retain(|c| !included.contains(&c.root));
        deployment.nginx = configs;
        deployment
    }
}
