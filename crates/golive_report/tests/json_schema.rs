//! The JSON Schemas in `docs/schema/` are generated from the structs the
//! reports serialize (`cargo xtask docs`); a stale schema fails here.

#[test]
fn docs_schemas_are_up_to_date() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/schema");
    for (name, generated) in golive_report::json_schemas() {
        let path = format!("{dir}/{name}");
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == generated,
            "docs/schema/{name} is stale: run `cargo xtask docs`"
        );
    }
}
