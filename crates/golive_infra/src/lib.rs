//! Facts from the files around Django: the nginx configuration, the Django
//! release the project pins, and (as they arrive) app servers, containers
//! and repository files. Parsers here build models; they never judge.

pub mod deployment;
pub mod nginx;
pub mod pins;

pub use deployment::Deployment;
pub use pins::{DjangoPin, find_django_pin};
pub mod command;
pub mod compose;
pub mod django_releases;
pub mod dockerfile;
pub mod ini;
pub mod procfile;
pub mod yaml;
