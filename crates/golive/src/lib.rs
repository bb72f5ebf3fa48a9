//! golive as a library: open a project ([`load`]), audit it under a
//! [`Policy`] ([`audit`]), read the [`Report`]. The `golive` binary is a
//! command line over this, and the fixture tests and oracle runners call
//! the same functions, so what they test is what users run.

mod audit;
pub mod config;
mod error;
mod project;

pub use audit::{Live, LiveGrade, Policy, Report, audit};
pub use error::{Error, Result};
pub use project::{Project, ProjectOptions, load, open, read_argument_file, timing};
