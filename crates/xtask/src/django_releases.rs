//! `cargo xtask django-releases [SDIST]`: regenerates
//! `crates/golive_infra/data/django_releases.json`. Downloads the newest
//! Django source distribution from PyPI (or reads the one given), reads
//! every `docs/releases/X.Y.Z.txt` — its date and the CVE sections it
//! lists — and adds the support dates of each series, which come from
//! `reference/django-deploy-checks.md` §3.2 and are kept here by hand.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Series, LTS, last day of security support (Django's release process and
/// the 6.1 release notes, as in the reference).
const SUPPORT: &[(&str, bool, &str)] = &[
    ("3.2", true, "2024-04-01"),
    ("4.0", false, "2023-04-01"),
    ("4.1", false, "2023-12-04"),
    ("4.2", true, "2026-04-07"),
    ("5.0", false, "2025-04-02"),
    ("5.1", false, "2025-12-03"),
    ("5.2", true, "2028-04-30"),
    ("6.0", false, "2027-04-30"),
    ("6.1", false, "2027-12-31"),
];

pub(crate) fn run(sdist: Option<&str>) -> Result<()> {
    let work = std::env::temp_dir().join(format!("golive-django-releases-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let archive = match sdist {
        Some(p) => PathBuf::from(p),
        None => download(&work)?,
    };
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&work)
        .arg("--wildcards")
        .arg("*/docs/releases/*.txt")
        .status()
        .context("tar")?;
    if !status.success() {
        bail!(
            "could not extract the release notes from {}",
            archive.display()
        );
    }
    let source = archive
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .trim_end_matches(".tar.gz")
                .trim_start_matches("django-")
                .trim_start_matches("Django-")
                .to_string()
        })
        .unwrap_or_default();
    let releases_dir = std::fs::read_dir(&work)?
        .flatten()
        .map(|e| e.path().join("docs/releases"))
        .find(|p| p.is_dir())
        .context("no docs/releases in the archive")?;
    let mut releases = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&releases_dir)?
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for path in files {
        let Some(version) = path.file_stem().map(|s| s.to_string_lossy().to_string()) else {
            continue;
        };
        if !version.chars().all(|c| c.is_ascii_digit() || c == '.')
            || version.split('.').count() < 2
        {
            continue;
        }
        let major: u32 = version
            .split('.')
            .next()
            .unwrap_or("0")
            .parse()
            .unwrap_or(0);
        if major < 3 {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        releases.push(parse_notes(&version, &text));
    }
    let series: Vec<serde_json::Value> = SUPPORT
        .iter()
        .map(|(s, lts, ends)| serde_json::json!({"series": s, "lts": lts, "security_ends": ends}))
        .collect();
    let today = Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let table = serde_json::json!({"generated": today, "source": source, "series": series, "releases": releases});
    let out =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../golive_infra/data/django_releases.json");
    std::fs::write(&out, serde_json::to_string_pretty(&table)? + "\n")?;
    let cves: usize = releases
        .iter()
        .map(|r| r["cves"].as_array().map_or(0, Vec::len))
        .sum();
    println!(
        "wrote {} ({} releases, {cves} CVE entries, from Django {source})",
        out.display(),
        releases.len()
    );
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// The newest sdist, through pip (it knows the index and any mirror).
fn download(work: &Path) -> Result<PathBuf> {
    let status = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--no-binary",
            ":all:",
            "--ignore-requires-python",
            "Django",
            "-d",
        ])
        .arg(work)
        .status()
        .context("python3 -m pip download")?;
    if !status.success() {
        bail!("pip could not download Django's source distribution");
    }
    std::fs::read_dir(work)?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".tar.gz"))
        .context("no .tar.gz downloaded")
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `*May 7, 2025*` → `2025-05-07`.
fn parse_date(line: &str) -> Option<String> {
    let inner = line.trim().strip_prefix('*')?.strip_suffix('*')?;
    let (month, rest) = inner.split_once(' ')?;
    let m = MONTHS.iter().position(|n| *n == month)? + 1;
    let (day, year) = rest.split_once(", ")?;
    Some(format!(
        "{}-{m:02}-{:02}",
        year.trim(),
        day.trim().parse::<u32>().ok()?
    ))
}

fn parse_notes(version: &str, text: &str) -> serde_json::Value {
    let date = text.lines().find_map(parse_date).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let mut cves: Vec<serde_json::Value> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        // A CVE section: a title line `CVE-2025-32873: …` underlined.
        let Some(rest) = line.strip_prefix("CVE-") else {
            continue;
        };
        let underlined = lines
            .get(i + 1)
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c == '=' || c == '-' || c == '~'));
        if !underlined {
            continue;
        }
        let (id, title) = match rest.split_once(':') {
            Some((id, title)) => (
                format!("CVE-{}", id.trim()),
                title.trim().replace("``", "`"),
            ),
            None => (format!("CVE-{}", rest.trim()), String::new()),
        };
        if !cves.iter().any(|c| c["id"] == id.as_str()) {
            cves.push(serde_json::json!({"id": id, "title": title}));
        }
    }
    serde_json::json!({"version": version, "date": date, "cves": cves})
}
