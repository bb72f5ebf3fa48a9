//! Turns the Django release table (`data/django_releases.json`, written by
//! `cargo xtask django-releases`) into static data compiled into golive:
//! parsing 50 KB of JSON on every audit that pins Django cost more than the
//! rest of a small project's audit.

use std::fmt::Write as _;

fn main() {
    let data = "data/django_releases.json";
    println!("cargo::rerun-if-changed={data}");
    let text = std::fs::read_to_string(data).expect("the release table is readable");
    let json: serde_json::Value = serde_json::from_str(&text).expect("the release table is JSON");
    let s = |v: &serde_json::Value, k: &str| -> String {
        format!(
            "{:?}",
            v[k].as_str().unwrap_or_else(|| panic!("`{k}` is a string"))
        )
    };
    let mut out = String::new();
    out.push_str("pub static TABLE: ReleaseTable = ReleaseTable {\n");
    let _ = writeln!(out, "    generated: {},", s(&json, "generated"));
    let _ = writeln!(out, "    source: {},", s(&json, "source"));
    out.push_str("    series: &[\n");
    for series in json["series"].as_array().expect("`series` is a list") {
        let _ = writeln!(
            out,
            "        Series {{ series: {}, lts: {}, security_ends: {} }},",
            s(series, "series"),
            series["lts"].as_bool().expect("`lts` is a boolean"),
            s(series, "security_ends"),
        );
    }
    out.push_str("    ],\n    releases: &[\n");
    for release in json["releases"].as_array().expect("`releases` is a list") {
        let _ = writeln!(
            out,
            "        Release {{ version: {}, date: {}, cves: &[",
            s(release, "version"),
            s(release, "date"),
        );
        for cve in release["cves"].as_array().expect("`cves` is a list") {
            let _ = writeln!(
                out,
                "            Cve {{ id: {}, title: {} }},",
                s(cve, "id"),
                s(cve, "title")
            );
        }
        out.push_str("        ] },\n");
    }
    out.push_str("    ],\n};\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("django_releases.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
