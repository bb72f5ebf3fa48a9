//! The walk and discovery on trees that try to trap them.

use golive_workspace::{Options, Workspace};

#[test]
fn symlink_loops_in_the_project_do_not_hang_discovery() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("proj")).unwrap();
    std::fs::write(
        dir.path().join("proj/settings.py"),
        "DEBUG = False\nINSTALLED_APPS = []\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path(), dir.path().join("proj/loop")).unwrap();
    let ws = Workspace::load(dir.path(), &Options::default());
    assert_eq!(ws.discovery.module.as_deref(), Some("proj.settings"));
}

#[cfg(unix)]
#[test]
fn a_settings_file_that_links_outside_the_project_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.py"),
        "SECRET_KEY = 'from outside'\nINSTALLED_APPS = []\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("proj")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.py"),
        dir.path().join("proj/settings.py"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("manage.py"),
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
    )
    .unwrap();
    let ws = Workspace::load(dir.path(), &Options::default());
    assert_eq!(ws.discovery.module, None);
    let c = ws
        .discovery
        .candidates
        .iter()
        .find(|c| c.module == "proj.settings")
        .unwrap();
    assert!(
        c.excluded
            .as_deref()
            .unwrap_or_default()
            .contains("outside the project"),
        "{c:?}"
    );
    let sources = ws.loader.sources.borrow();
    assert!((0..sources.len()).all(|i| {
        !sources
            .get(golive_source::FileId(i as u32))
            .text
            .contains("from outside")
    }));
}
