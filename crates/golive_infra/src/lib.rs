//! Facts from the files around Django. For now: which Django release the
//! project pins, read from requirements files, pyproject.toml and lock files.

pub mod pins;

pub use pins::{DjangoPin, find_django_pin};
