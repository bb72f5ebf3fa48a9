//! Command-line flags.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "golive", version, about = "Production-readiness auditor for Django deployments", long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Audit a project's settings statically, as `check --deploy` would and more
    Check(CheckArgs),
    /// Show the settings golive resolved: values, origins, variables, unset values
    Settings(SettingsArgs),
    /// Show the deployment model golive audits: settings-module candidates
    /// with their evidence, production processes, their environment, and
    /// what every file is for
    Project(ProjectCommandArgs),
    /// Audit a running deployment over HTTP(S), from outside
    ///
    /// Bounded: each connection (name resolution, connect, TLS handshake,
    /// request, response) within --timeout in all, the whole probe within
    /// 4 × --timeout (20 s by default); a host:port that cannot be reached
    /// is not tried again. A URL with user:password@ is refused, and cookie
    /// values are never printed or recorded.
    Probe(ProbeArgs),
    /// Show the documentation of one rule (code, name or Django check ID)
    Rule {
        /// e.g. DJS004, hsts-not-enabled or security.W004
        code: String,
    },
    /// List all rules
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
}

/// The longest `--timeout` of `golive probe`, in seconds.
pub(crate) const MAX_TIMEOUT: u64 = 300;

#[derive(Args, Debug)]
pub(crate) struct ProbeArgs {
    /// The site's URL, e.g. https://shop.example.com/ (not needed with --replay)
    #[arg(required_unless_present = "replay")]
    pub url: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE instead of standard output (replaced whole; the exit code is unchanged)
    #[arg(
        long = "output",
        visible_alias = "output-file",
        short = 'o',
        value_name = "FILE"
    )]
    pub output: Option<PathBuf>,
    /// Seconds each connection may take in all, from connecting (TLS
    /// handshake included) to the last byte, 1 to 300; the whole probe ends
    /// within 4 × this
    #[arg(long, value_name = "SECONDS", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=MAX_TIMEOUT))]
    pub timeout: u64,
    /// Accept any TLS certificate; the certificate itself is then not judged
    #[arg(long, conflicts_with = "ca")]
    pub insecure: bool,
    /// Trust the certificate authorities in FILE (PEM) instead of the public roots: a site whose certificate a private CA signed
    #[arg(long, value_name = "FILE")]
    pub ca: Option<PathBuf>,
    /// The plain-HTTP address to check for a redirect (default: the http:// twin of URL)
    #[arg(long = "http-url", value_name = "URL")]
    pub http_url: Option<String>,
    /// A health-check path to request too (e.g. /healthz/); it must answer 2xx
    #[arg(long, value_name = "PATH")]
    pub health: Option<String>,
    /// Write what the probe observed to FILE (JSON), for a later --replay
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
    /// Judge a recorded observation instead of making requests
    #[arg(long, value_name = "FILE")]
    pub replay: Option<PathBuf>,
    /// Only these rules (codes, prefixes or names)
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit 1 when a finding has at least this severity
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Plain text without colours
    #[arg(long)]
    pub no_color: bool,
}

#[derive(Args, Debug, Clone)]
pub(crate) struct ProjectArgs {
    /// The project directory to audit
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Settings module to audit (dotted), instead of the one golive discovers
    #[arg(long)]
    pub settings: Option<String>,
    /// An env file describing the production environment (repeatable; python-dotenv syntax)
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_files: Vec<PathBuf>,
    /// A production environment variable, KEY=VALUE (repeatable; wins over env files)
    #[arg(long = "env", value_name = "KEY=VALUE")]
    pub env: Vec<String>,
    /// Django release to check against, e.g. 5.2 (default: the project's pin, else the newest LTS)
    #[arg(long = "django-version", value_name = "X.Y")]
    pub django_version: Option<String>,
    /// A named environment from golive's configuration ([tool.golive.environments.NAME])
    #[arg(long = "environment", value_name = "NAME")]
    pub environment: Option<String>,
}

impl ProjectArgs {
    pub(crate) fn options(&self) -> golive::ProjectOptions {
        golive::ProjectOptions {
            path: self.path.clone(),
            settings: self.settings.clone(),
            env_files: self.env_files.clone(),
            env: self.env.clone(),
            django_version: self.django_version.clone(),
            environment: self.environment.clone(),
        }
    }
}

#[derive(Args, Debug, Clone)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// More project directories, audited in the same run, in parallel (text, json, sarif, github)
    #[arg(value_name = "MORE_PATHS")]
    pub more_paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE instead of standard output (replaced whole; the exit code is unchanged)
    #[arg(
        long = "output",
        visible_alias = "output-file",
        short = 'o',
        value_name = "FILE"
    )]
    pub output: Option<PathBuf>,
    /// Only these rules (codes, prefixes, names or Django IDs; comma-separated or repeated)
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules (codes, prefixes, names or Django IDs)
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit with 1 when a finding at or above this severity remains
    #[arg(long = "fail-on", value_enum)]
    pub fail_on: Option<FailOn>,
    /// Also list the checks that could not decide because a value is unknown
    #[arg(long, short)]
    pub verbose: bool,
    /// Also probe the running site at URL, and flag where it contradicts the settings
    #[arg(long, value_name = "URL")]
    pub probe: Option<String>,
    /// With --probe: judge a recorded observation (from `golive probe --record`) instead
    #[arg(long = "probe-replay", value_name = "FILE", requires = "probe")]
    pub probe_replay: Option<PathBuf>,
    /// With --probe: accept any TLS certificate
    #[arg(
        long = "probe-insecure",
        requires = "probe",
        conflicts_with = "probe_ca"
    )]
    pub probe_insecure: bool,
    /// With --probe: trust the certificate authorities in FILE (PEM)
    #[arg(long = "probe-ca", value_name = "FILE", requires = "probe")]
    pub probe_ca: Option<PathBuf>,
    /// Never use colour
    #[arg(long = "no-color")]
    pub no_color: bool,
    /// Report only findings not recorded in this baseline file, and name its entries that no longer match
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in FILE (rule and fingerprint) for a later --baseline, and exit 0
    #[arg(long = "write-baseline", value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct ProjectCommandArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[arg(long, value_enum, default_value_t = SettingsFormat::Text)]
    pub format: SettingsFormat,
}

#[derive(Args, Debug)]
pub(crate) struct SettingsArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[arg(long, value_enum, default_value_t = SettingsFormat::Text)]
    pub format: SettingsFormat,
    /// In text output, also list settings left at Django's defaults
    #[arg(long)]
    pub all: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// Findings with code frames, for people
    Text,
    /// The versioned JSON document (docs/schema/)
    Json,
    /// SARIF 2.1.0, for code scanning
    Sarif,
    /// GitHub Actions workflow commands: an annotation per finding
    Github,
    /// One self-contained HTML page with a filter (use with --output)
    Html,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SettingsFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FailOn {
    Error,
    Warning,
    Info,
}
