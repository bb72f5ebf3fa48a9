//! Why golive cannot audit a project (exit code 2): a message for the user,
//! with the cause after a colon, as the command line prints it.

/// A project, configuration or option golive cannot work with.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub String);

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Adds what golive was doing to an error, as `what: cause`.
pub(crate) trait Context<T> {
    fn with_context<D: std::fmt::Display>(self, what: impl FnOnce() -> D) -> Result<T>;
}

impl<T, E: std::fmt::Display> Context<T> for std::result::Result<T, E> {
    fn with_context<D: std::fmt::Display>(self, what: impl FnOnce() -> D) -> Result<T> {
        self.map_err(|e| Error(format!("{}: {e}", what())))
    }
}

impl<T> Context<T> for Option<T> {
    fn with_context<D: std::fmt::Display>(self, what: impl FnOnce() -> D) -> Result<T> {
        self.ok_or_else(|| Error(what().to_string()))
    }
}

/// Returns an [`Error`] built like `format!`.
macro_rules! bail {
    ($($arg:tt)*) => { return Err($crate::error::Error(format!($($arg)*))) };
}
pub(crate) use bail;

/// An [`Error`] built like `format!`.
macro_rules! error {
    ($($arg:tt)*) => { $crate::error::Error(format!($($arg)*)) };
}
pub(crate) use error;
