//! All rules, one file each, grouped by layer.

pub(crate) mod container;
pub(crate) mod cross;
pub(crate) mod django;
pub(crate) mod golive;
pub(crate) mod nginx;
pub(crate) mod repository;
pub(crate) mod server;
pub(crate) mod settings;
pub(crate) mod web;
