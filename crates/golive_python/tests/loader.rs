//! The loader's shortcuts answer as the file system and a second parse would.

use golive_python::Loader;
use std::fs;
use std::path::PathBuf;

fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    fs::create_dir_all(root.join("shop/settings")).unwrap();
    fs::write(root.join("shop/__init__.py"), "").unwrap();
    fs::write(root.join("shop/settings/__init__.py"), "").unwrap();
    fs::write(
        root.join("shop/settings/production.py"),
        "import os\nSECRET_KEY = 'committed-secret-value'\nDATABASES = {'default': {'PASSWORD': \"pw-in-the-file\", 'NAME': 'shop'}}\nCACHE_URL = 'redis://u:cache-pass@cache:6379/1'\nDEBUG = False\n",
    )
    .unwrap();
    fs::write(root.join("helpers.py"), "X = 1\n").unwrap();
    fs::create_dir_all(root.join("nopkg")).unwrap();
    (dir, root)
}

#[test]
fn top_level_names_resolve_as_a_stat_per_root_would() {
    let (_dir, root) = project();
    std::os::unix::fs::symlink(root.join("helpers.py"), root.join("linked.py")).unwrap();
    std::os::unix::fs::symlink(root.join("shop"), root.join("shoplink")).unwrap();
    let loader = Loader::new(root.clone(), vec![root.clone()]);
    assert_eq!(
        loader.resolve_module("helpers"),
        Some((root.join("helpers.py"), false))
    );
    assert_eq!(
        loader.resolve_module("shop"),
        Some((root.join("shop/__init__.py"), true))
    );
    assert_eq!(
        loader.resolve_module("shop.settings.production"),
        Some((root.join("shop/settings/production.py"), false))
    );
    // Not the project's: the standard library, a directory without
    // `__init__.py`, a name nothing is called.
    for name in ["os", "typing", "nopkg", "nothing", "nothing.deeper"] {
        assert_eq!(loader.resolve_module(name), None, "{name}");
    }
    // A symlinked module file is found (the read gate judges where it
    // leads), and a symlinked package directory is followed as `is_dir` does.
    assert_eq!(
        loader.resolve_module("linked"),
        Some((root.join("linked.py"), false))
    );
    assert_eq!(
        loader.resolve_module("shoplink.settings.production"),
        Some((root.join("shoplink/settings/production.py"), false))
    );
}

#[test]
fn frames_masked_from_the_evaluated_tree_equal_a_second_parse() {
    let (_dir, root) = project();
    let loader = Loader::new(root.clone(), vec![root.clone()]);
    let path = root.join("shop/settings/production.py");
    let parsed = loader.parse_file(&path).unwrap();
    loader.record_masks([parsed.id]);
    let sources = loader.sources.borrow();
    let file = sources.get(parsed.id);
    let ranges = file.masked().expect("recorded from the tree");
    let from_tree = golive_python::redact::mask(&file.text, ranges);
    assert_eq!(
        from_tree,
        golive_python::redact::redact_python_source(&file.text)
    );
    for secret in ["committed-secret-value", "pw-in-the-file", "cache-pass"] {
        assert!(!from_tree.contains(secret), "{from_tree}");
    }
    assert!(from_tree.contains("'NAME': 'shop'"));
}

#[test]
fn a_module_nested_deeper_than_golive_parses_is_refused_with_that_reason() {
    let (_dir, root) = project();
    let deep = format!(
        "INSTALLED_APPS = []\nX = {}1{}\n",
        "[".repeat(300),
        "]".repeat(300)
    );
    fs::write(root.join("shop/settings/deep.py"), deep).unwrap();
    let loader = Loader::new(root.clone(), vec![root.clone()]);
    // Not "the module is empty": golive did not look inside, and neither
    // would CPython ("too many nested parentheses").
    assert_eq!(
        golive_python::shape::check_settings_module(&loader, "shop.settings.deep"),
        Err("golive does not parse it: too many nested brackets (more than 200)".to_string())
    );
    fs::write(
        root.join("shop/settings/chain.py"),
        format!("INSTALLED_APPS = []\nX = {}1\n", "- ".repeat(6000)),
    )
    .unwrap();
    let loader = Loader::new(root.clone(), vec![root.clone()]);
    assert_eq!(
        golive_python::shape::check_settings_module(&loader, "shop.settings.chain"),
        Err(
            "golive does not parse it: an expression nested more than 5000 operators deep"
                .to_string()
        )
    );
    assert_eq!(
        golive_python::shape::check_settings_module(&loader, "shop.settings.production"),
        Ok(())
    );
}
