//! The Django release a project pins, from each kind of file that pins it.

use golive_infra::find_django_pin;
use golive_python::DjangoVersion;

fn pin(files: &[(&str, &str)]) -> Option<(DjangoVersion, Option<String>, String)> {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    find_django_pin(dir.path()).map(|p| {
        (
            p.version,
            p.exact,
            p.path.file_name().unwrap().to_string_lossy().to_string(),
        )
    })
}

#[test]
fn requirements_files() {
    let (v, exact, file) = pin(&[(
        "requirements.txt",
        "gunicorn==23.0.0\nDjango==4.2.30 \\\n    --hash=sha256:abc\n",
    )])
    .unwrap();
    assert_eq!(
        (v, exact.as_deref(), file.as_str()),
        (DjangoVersion::new(4, 2), Some("4.2.30"), "requirements.txt")
    );
    let (v, _, _) = pin(&[("requirements/base.txt", "django>=5.0,<5.2  # LTS next\n")]).unwrap();
    assert_eq!(v, DjangoVersion::new(5, 1));
    let (v, _, file) = pin(&[
        ("requirements.txt", "-r requirements/prod.in\n"),
        ("requirements/prod.in", "Django~=6.0.1\n"),
    ])
    .unwrap();
    assert_eq!((v, file.as_str()), (DjangoVersion::new(6, 0), "prod.in"));
}

#[test]
fn lock_files_win_over_ranges() {
    let uv = "version = 1\n[[package]]\nname = \"django\"\nversion = \"5.2.19\"\n";
    let (v, exact, file) = pin(&[("uv.lock", uv), ("requirements.txt", "Django>=4.2\n")]).unwrap();
    assert_eq!(
        (v, exact.as_deref(), file.as_str()),
        (DjangoVersion::new(5, 2), Some("5.2.19"), "uv.lock")
    );
    let poetry = "[[package]]\nname = \"Django\"\nversion = \"4.2.30\"\ndescription = \"\"\n\n[metadata]\nlock-version = \"2.1\"\n";
    assert_eq!(
        pin(&[("poetry.lock", poetry)]).unwrap().0,
        DjangoVersion::new(4, 2)
    );
    let pipfile = r#"{"_meta": {}, "default": {"django": {"version": "==6.1.3", "hashes": []}}, "develop": {}}"#;
    assert_eq!(
        pin(&[("Pipfile.lock", pipfile)]).unwrap().0,
        DjangoVersion::new(6, 1)
    );
}

#[test]
fn pyproject_dependencies() {
    let pep621 =
        "[project]\nname = \"shop\"\ndependencies = [\"Django[argon2]>=5.2,<6.0\", \"psycopg\"]\n";
    assert_eq!(
        pin(&[("pyproject.toml", pep621)]).unwrap().0,
        DjangoVersion::new(5, 2)
    );
    let poetry = "[tool.poetry.dependencies]\npython = \"^3.12\"\ndjango = \"^6.0\"\n";
    assert_eq!(
        pin(&[("pyproject.toml", poetry)]).unwrap().0,
        DjangoVersion::new(6, 1)
    );
    assert!(pin(&[("pyproject.toml", "[project]\nname = \"x\"\n")]).is_none());
}
