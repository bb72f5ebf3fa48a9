//! nginx configurations at the size of a hostile pull request, read and
//! judged in linear time: tens of thousands of locations in one server,
//! several included files of megabytes, a file included thousands of
//! times, an include bomb. Each test bounds the wall time generously (a
//! debug build on a loaded two-core machine does all of them in a few
//! seconds; quadratic reading takes minutes) and checks the facts read.

use golive_infra::Deployment;
use golive_infra::nginx::{self, Level, NginxConfig, Node, ProblemKind};
use golive_python::Loader;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a test may take, whatever the machine: far above linear time, far
/// below quadratic time.
const BOUND: Duration = Duration::from_secs(10);

/// Writes `files` under a fresh project root and scans the deployment.
fn scan(files: &[(&str, String)]) -> (tempfile::TempDir, Deployment, Loader) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut paths: Vec<PathBuf> = Vec::new();
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    paths.sort();
    let loader = Loader::new(root.clone(), vec![root.clone()]);
    let deployment = Deployment::scan(&root, &paths, &loader, &|_: &Path| false);
    (dir, deployment, loader)
}

/// What the NGX rules ask of every location: the headers and the body
/// limit it inherits, the `root` it serves from, how its server listens.
/// Returns how many locations were judged.
fn judge(config: &NginxConfig, want_headers: usize) -> usize {
    let mut judged = 0;
    for server in config.servers() {
        for location in nginx::locations(server) {
            let mut levels: Vec<Level> = vec![config.http()];
            levels.extend(location.outer.iter().map(|n| n.level()));
            levels.push(location.node.level());
            assert!(nginx::passes_to_app(location.node).is_some());
            assert_eq!(
                nginx::inherited_list(&levels, "proxy_set_header").len(),
                want_headers
            );
            assert!(nginx::inherited_value(&levels, "client_max_body_size").is_some());
            assert!(nginx::inherited_value(&levels, "root").is_none());
            assert!(nginx::inherited_list(&levels, "add_header").is_empty());
            assert!(!nginx::listens(server).iter().any(|l| l.ssl));
            assert!(server.first("ssl_certificate").is_none());
            judged += 1;
        }
    }
    judged
}

fn count(nodes: &[Node], name: &str) -> usize {
    nodes
        .iter()
        .map(|n| usize::from(n.name == name) + count(n.children(), name))
        .sum()
}

#[test]
fn fifty_thousand_locations_in_one_server_are_read_and_judged_in_linear_time() {
    const N: usize = 50_000;
    let mut site = String::from(
        "server {\n    listen 80;\n    server_name x;\n    client_max_body_size 10m;\n    proxy_set_header Host $host;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n",
    );
    for i in 0..N {
        let _ = writeln!(site, "    location /p{i} {{ proxy_pass http://app; }}");
    }
    site.push_str("}\n");
    let start = Instant::now();
    let (_dir, deployment, _loader) = scan(&[("nginx/site.conf", site)]);
    assert_eq!(deployment.nginx.len(), 1);
    let config = &deployment.nginx[0];
    assert!(config.problems.is_empty(), "{:?}", config.problems);
    assert_eq!(config.servers().len(), 1);
    assert_eq!(nginx::locations(config.servers()[0]).len(), N);
    assert_eq!(judge(config, 2), N);
    let took = start.elapsed();
    assert!(took < BOUND, "50,000 locations took {took:?}");
}

#[test]
fn four_included_files_of_megabytes_are_read_and_judged_in_linear_time() {
    const FILES: usize = 4;
    const SIZE: usize = 3_500_000;
    let mut files = vec![(
        "nginx/nginx.conf",
        "events {}\nhttp {\n    server_tokens off;\n    client_max_body_size 10m;\n    server {\n        listen 80;\n        server_name x;\n        include conf.d/*.conf;\n    }\n}\n"
            .to_string(),
    )];
    let names = [
        "nginx/conf.d/part0.conf",
        "nginx/conf.d/part1.conf",
        "nginx/conf.d/part2.conf",
        "nginx/conf.d/part3.conf",
    ];
    let mut locations = 0;
    for (k, name) in names.iter().enumerate().take(FILES) {
        let mut text = String::with_capacity(SIZE + 200);
        while text.len() < SIZE {
            let _ = writeln!(
                text,
                "location /k{k}/p{locations} {{ proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; proxy_pass http://app; }}"
            );
            locations += 1;
        }
        files.push((name, text));
    }
    let start = Instant::now();
    let (_dir, deployment, _loader) = scan(&files);
    assert_eq!(
        deployment.nginx.len(),
        1,
        "the included files are read as part of nginx.conf, not on their own"
    );
    let config = &deployment.nginx[0];
    assert!(config.problems.is_empty(), "{:?}", config.problems);
    assert_eq!(config.files.len(), 1 + FILES);
    assert_eq!(nginx::locations(config.servers()[0]).len(), locations);
    assert_eq!(count(&config.directives, "proxy_set_header"), 2 * locations);
    assert_eq!(judge(config, 2), locations);
    let took = start.elapsed();
    assert!(
        took < BOUND,
        "{FILES} included files of {SIZE} bytes took {took:?}"
    );
}

#[test]
fn a_snippet_included_in_every_location_is_read_once() {
    const N: usize = 20_000;
    let mut site = String::from("server {\n    listen 80;\n    client_max_body_size 10m;\n");
    for i in 0..N {
        let _ = writeln!(
            site,
            "    location /p{i} {{ include snippets/proxy.conf; proxy_pass http://app; }}"
        );
    }
    site.push_str("}\n");
    let snippet = "proxy_set_header Host $host;\nproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\nproxy_set_header X-Forwarded-Proto $scheme;\n";
    let start = Instant::now();
    let (_dir, deployment, loader) = scan(&[
        ("nginx/site.conf", site),
        ("nginx/snippets/proxy.conf", snippet.to_string()),
    ]);
    let config = &deployment.nginx[0];
    assert!(config.problems.is_empty(), "{:?}", config.problems);
    assert_eq!(config.files.len(), 2);
    assert_eq!(
        loader
            .sources
            .borrow()
            .iter()
            .filter(|(_, f)| f.path.ends_with("proxy.conf"))
            .count(),
        1
    );
    assert_eq!(judge(config, 3), N);
    let took = start.elapsed();
    assert!(took < BOUND, "{N} includes of one snippet took {took:?}");
}

#[test]
fn an_include_bomb_is_cut_short() {
    // Each file includes the next forty times: 40^4 copies of the last,
    // 20 million directives.
    let mut files = vec![(
        "nginx/site.conf",
        format!(
            "server {{\n    listen 80;\n{}}}\n",
            "    include b1.conf;\n".repeat(40)
        ),
    )];
    files.push(("nginx/b1.conf", "include b2.conf;\n".repeat(40)));
    files.push(("nginx/b2.conf", "include b3.conf;\n".repeat(40)));
    files.push(("nginx/b3.conf", "include b4.conf;\n".repeat(40)));
    files.push((
        "nginx/b4.conf",
        "location /x { proxy_pass http://app; }\n".repeat(4),
    ));
    let start = Instant::now();
    let (_dir, deployment, _loader) = scan(&files);
    let config = &deployment.nginx[0];
    // Said once, at the include that crossed the line.
    let cut = config
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::IncludeExpansion)
        .count();
    assert_eq!(cut, 1, "{:?}", config.problems.first());
    assert_eq!(config.problems.len(), 1);
    let directives =
        count(&config.directives, "location") + count(&config.directives, "proxy_pass");
    assert!(
        (250_000..=500_000).contains(&directives),
        "{directives} directives spliced"
    );
    let took = start.elapsed();
    assert!(took < BOUND, "the include bomb took {took:?}");
}
