//! The nginx parser on any input: no panic, every range inside the text,
//! and bounded time.

use golive_infra::nginx::parse;
use proptest::prelude::*;

fn check(text: &str) {
    let parsed = parse(text);
    fn walk(ds: &[golive_infra::nginx::Directive], len: usize) {
        for d in ds {
            assert!(usize::from(d.range.end()) <= len);
            for a in &d.args {
                assert!(usize::from(a.range.end()) <= len);
            }
            walk(d.block.as_deref().unwrap_or(&[]), len);
        }
    }
    walk(&parsed.directives, text.len());
    for e in &parsed.errors {
        assert!(usize::from(e.range.end()) <= text.len() + 1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_string(text in "\\PC{0,400}") {
        check(&text);
    }

    #[test]
    fn nginx_alphabet(text in "[a-z_ ;{}\"'\\\\$#\n0-9]{0,400}") {
        check(&text);
    }
}

#[test]
fn pathological_inputs_are_fast() {
    let inputs = [
        "{".repeat(200_000),
        "}".repeat(200_000),
        "\"".repeat(200_000),
        "a ".repeat(200_000),
        "${".repeat(100_000),
        "\\".repeat(200_001),
    ];
    for text in inputs {
        let start = std::time::Instant::now();
        check(&text);
        assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    }
}
