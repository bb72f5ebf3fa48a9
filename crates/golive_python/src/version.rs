//! Django release series golive knows, and which one a project targets.

use std::fmt;

/// A Django feature release, `major.minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DjangoVersion {
    pub major: u32,
    pub minor: u32,
}

impl DjangoVersion {
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }

    /// The series golive has exact check semantics for.
    pub const SUPPORTED: [DjangoVersion; 6] = [
        Self::new(4, 2),
        Self::new(5, 0),
        Self::new(5, 1),
        Self::new(5, 2),
        Self::new(6, 0),
        Self::new(6, 1),
    ];

    /// What golive assumes when nothing says otherwise: the newest LTS.
    pub const NEWEST_LTS: DjangoVersion = Self::new(5, 2);

    /// Parses `5.2`, `5.2.19`, `6.1rc1`.
    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.trim().split('.');
        let major = parts.next()?.parse().ok()?;
        let minor_raw = parts.next()?;
        let digits: String = minor_raw.chars().take_while(char::is_ascii_digit).collect();
        let minor = digits.parse().ok()?;
        Some(Self { major, minor })
    }

    /// The nearest supported series at or below this one (a pin of 5.1 is
    /// checked as 5.1; an unknown 7.0 as the newest golive knows).
    pub fn clamp_supported(self) -> Self {
        let mut best = Self::SUPPORTED[0];
        for v in Self::SUPPORTED {
            if v <= self {
                best = v;
            }
        }
        best
    }
}

impl fmt::Display for DjangoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}
