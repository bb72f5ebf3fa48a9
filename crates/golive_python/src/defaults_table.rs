//! Django's defaults for each supported series, as evaluated from
//! `django/global_defaults.py` and kept as plain data
//! (`django/defaults_table.in`, written by `cargo xtask django-defaults`):
//! every run needs one series' defaults, and parsing and evaluating the
//! Python file for it cost more than the rest of a small project's audit
//! (0.8 M instructions of startproject's 5.7 M). The Python file stays the
//! one place the defaults are declared; a test fails when the table no
//! longer matches what it evaluates to.
//!
//! The table holds no pointers — strings are ranges of one text, values
//! and their items indices into arrays — so it lives in read-only data
//! without relocations for the loader to apply at start-up.

use crate::value::{V, Value};
use crate::version::DjangoVersion;
use std::collections::BTreeMap;
use std::fmt::Write as _;

// `STRINGS`, `NODES`, `ITEMS`, `ENTRIES`, `SERIES`.
include!("django/defaults_table.in");

/// The kinds of `NODES` entries `(kind, a, b)`.
const NONE: u8 = 0;
/// `a`: 0 or 1.
const BOOL: u8 = 1;
/// `a`, `b`: the low and high 32 bits of the two's-complement value.
const INT: u8 = 2;
/// `a`, `b`: the low and high 32 bits of the IEEE 754 bits.
const FLOAT: u8 = 3;
/// `a`, `b`: start and length in `STRINGS`.
const STR: u8 = 4;
/// `a`, `b`: first index into `ITEMS` and the number of items (of pairs,
/// for a dict: keys and values alternate).
const LIST: u8 = 5;
const TUPLE: u8 = 6;
const DICT: u8 = 7;

/// The defaults of `version`, if the table has that series.
pub(crate) fn lookup(version: DjangoVersion) -> Option<BTreeMap<String, Value>> {
    let &(_, _, first, count) = SERIES
        .iter()
        .find(|(major, minor, _, _)| (*major, *minor) == (version.major, version.minor))?;
    let entries = &ENTRIES[first as usize..(first + count) as usize];
    Some(
        entries
            .iter()
            .map(|&(start, len, node)| (text(start, len).to_string(), value(node)))
            .collect(),
    )
}

fn text(start: u32, len: u32) -> &'static str {
    &STRINGS[start as usize..(start + len) as usize]
}

fn join(low: u32, high: u32) -> u64 {
    u64::from(low) | (u64::from(high) << 32)
}

fn value(node: u32) -> Value {
    let (kind, a, b) = NODES[node as usize];
    let items = |n: u32| {
        ITEMS[a as usize..(a + n) as usize]
            .iter()
            .map(|&i| value(i))
    };
    match kind {
        NONE => Value::none(),
        BOOL => Value::bool(a == 1),
        INT => Value::int(join(a, b) as i64),
        FLOAT => Value::new(V::Float(f64::from_bits(join(a, b)))),
        STR => Value::str(text(a, b)),
        LIST => Value::list(items(b).collect()),
        TUPLE => Value::tuple(items(b).collect()),
        DICT => {
            let flat: Vec<Value> = items(2 * b).collect();
            let mut pairs = Vec::with_capacity(b as usize);
            let mut it = flat.into_iter();
            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                pairs.push((k, v));
            }
            Value::dict(pairs)
        }
        _ => unreachable!("the generator writes no other kind"),
    }
}

/// The table's source for every supported series, from evaluating
/// `global_defaults.py` (what `cargo xtask django-defaults` writes).
/// `Err` names a default that is not plain data (the file must keep to
/// literals, containers and arithmetic).
pub fn generate() -> Result<String, String> {
    let loader = crate::Loader::new(std::path::PathBuf::new(), Vec::new());
    let mut table = Table::default();
    let mut series = Vec::new();
    for version in DjangoVersion::SUPPORTED {
        let defaults = crate::settings::compute_defaults(&loader, version);
        let first = table.entries.len();
        for (name, value) in &defaults {
            let node = table
                .node(value)
                .map_err(|what| format!("{name} for Django {version}: {what}"))?;
            let (start, len) = table.string(name);
            table.entries.push((start, len, node));
        }
        series.push((version, first, table.entries.len() - first));
    }
    Ok(table.source(&series))
}

#[derive(Default)]
struct Table {
    strings: String,
    nodes: Vec<(u8, u32, u32)>,
    items: Vec<u32>,
    entries: Vec<(u32, u32, u32)>,
}

impl Table {
    /// Where `s` is in `strings`, added if it is not there yet.
    fn string(&mut self, s: &str) -> (u32, u32) {
        let start = self.strings.find(s).unwrap_or_else(|| {
            self.strings.push_str(s);
            self.strings.len() - s.len()
        });
        (start as u32, s.len() as u32)
    }

    /// The node of `value` (an identical one is shared).
    fn node(&mut self, value: &Value) -> Result<u32, String> {
        if !value.deps.is_empty() {
            return Err("it depends on environment variables".into());
        }
        let split = |bits: u64| (bits as u32, (bits >> 32) as u32);
        let node = match &value.v {
            V::None => (NONE, 0, 0),
            V::Bool(b) => (BOOL, u32::from(*b), 0),
            V::Int(i) => {
                let (a, b) = split(*i as u64);
                (INT, a, b)
            }
            V::Float(f) => {
                let (a, b) = split(f.to_bits());
                (FLOAT, a, b)
            }
            V::Str(s) => {
                let (a, b) = self.string(s);
                (STR, a, b)
            }
            V::List(items) => self.container(LIST, &items.borrow())?,
            V::Tuple(items) => self.container(TUPLE, items)?,
            V::Dict(d) => {
                let flat: Vec<Value> = d
                    .borrow()
                    .entries
                    .iter()
                    .flat_map(|(k, v)| [k.clone(), v.clone()])
                    .collect();
                let (_, first, n) = self.container(DICT, &flat)?;
                (DICT, first, n / 2)
            }
            other => return Err(format!("{other:?} is not plain data")),
        };
        Ok(match self.nodes.iter().position(|n| *n == node) {
            Some(i) => i as u32,
            None => {
                self.nodes.push(node);
                (self.nodes.len() - 1) as u32
            }
        })
    }

    fn container(&mut self, kind: u8, items: &[Value]) -> Result<(u8, u32, u32), String> {
        let nodes = items
            .iter()
            .map(|v| self.node(v))
            .collect::<Result<Vec<u32>, String>>()?;
        // The same run of items already in `items` (an empty one anywhere).
        let first = self
            .items
            .windows(nodes.len().max(1))
            .position(|w| w == nodes.as_slice())
            .filter(|_| !nodes.is_empty())
            .unwrap_or_else(|| {
                self.items.extend(&nodes);
                self.items.len() - nodes.len()
            });
        Ok((kind, first as u32, nodes.len() as u32))
    }

    fn source(&self, series: &[(DjangoVersion, usize, usize)]) -> String {
        let mut out = String::new();
        out.push_str(
            "// @generated by `cargo xtask django-defaults` from global_defaults.py: do not edit.\n\
             // Read by `defaults_table.rs`, which documents the layout.\n\n",
        );
        let _ = writeln!(out, "const STRINGS: &str = {:?};", self.strings);
        let rows = |out: &mut String, name: &str, ty: &str, rows: Vec<String>| {
            let _ = writeln!(out, "static {name}: [{ty}; {}] = [", rows.len());
            for chunk in rows.chunks(8) {
                let _ = writeln!(out, "    {},", chunk.join(", "));
            }
            out.push_str("];\n");
        };
        rows(
            &mut out,
            "NODES",
            "(u8, u32, u32)",
            self.nodes
                .iter()
                .map(|(k, a, b)| format!("({k}, {a}, {b})"))
                .collect(),
        );
        rows(
            &mut out,
            "ITEMS",
            "u32",
            self.items.iter().map(u32::to_string).collect(),
        );
        rows(
            &mut out,
            "ENTRIES",
            "(u32, u32, u32)",
            self.entries
                .iter()
                .map(|(s, l, n)| format!("({s}, {l}, {n})"))
                .collect(),
        );
        rows(
            &mut out,
            "SERIES",
            "(u32, u32, u32, u32)",
            series
                .iter()
                .map(|(v, first, n)| format!("({}, {}, {first}, {n})", v.major, v.minor))
                .collect(),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_what_global_defaults_py_evaluates_to() {
        let fresh = generate().unwrap();
        assert!(
            fresh == include_str!("django/defaults_table.in"),
            "src/django/defaults_table.in is stale: run `cargo xtask django-defaults`"
        );
    }

    #[test]
    fn every_series_reads_back_as_evaluated() {
        let loader = crate::Loader::new(std::path::PathBuf::new(), Vec::new());
        for version in DjangoVersion::SUPPORTED {
            let evaluated = crate::settings::compute_defaults(&loader, version);
            let table = lookup(version).unwrap();
            assert_eq!(
                format!("{table:?}"),
                format!("{evaluated:?}"),
                "Django {version}"
            );
        }
        assert!(lookup(DjangoVersion::new(3, 2)).is_none());
    }
}
