//! Facts from the files around Django: nginx, app servers, containers,
//! process managers, platform files, env files and the Django release the
//! project pins. Parsers here build models; they never judge.

pub mod deployment;
pub mod nginx;
pub mod pins;

pub use deployment::Deployment;
pub use pins::{DjangoPin, find_django_pin};
pub mod command;
pub mod compose;
pub mod declared;
pub mod django_releases;
pub mod dockerfile;
pub mod ini;
pub mod platform;
mod process;
pub mod procfile;
pub mod supervisor;
pub mod urls;
pub mod yaml;

/// A byte range of a parsed file. Files are read with a 4 MiB cap, so the
/// offsets always fit; an inverted range collapses to its start.
pub(crate) fn text_range(start: usize, end: usize) -> ruff_text_size::TextRange {
    let at = |n: usize| ruff_text_size::TextSize::new(u32::try_from(n).unwrap_or(u32::MAX));
    ruff_text_size::TextRange::new(at(start), at(end.max(start)))
}
