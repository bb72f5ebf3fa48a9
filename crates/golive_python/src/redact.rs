//! Source text with its secrets masked, for code frames: a diagnostic that
//! points at `SECRET_KEY = "..."` shows the line, but never the key.

use golive_source::{is_secret_name, url_password_range};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_python_parser::{Mode, ParseOptions, parse_unchecked};
use ruff_text_size::{Ranged, TextRange};

/// Returns `text` with the contents of secret string literals replaced by
/// `*` (byte for byte, so every offset stays valid): values assigned to
/// secret-named settings, dict entries and keyword arguments with secret
/// names, and the password part of URLs with credentials.
pub fn redact_python_source(text: &str) -> String {
    if text.len() > crate::loader::MAX_SOURCE_BYTES as usize {
        return String::new();
    }
    // Parsing, visiting and dropping the tree all recurse as deep as the
    // source nests (`X = 1+1+…` with 100,000 terms): on a large stack when
    // the text is large enough to nest that deep. Not always: a stack of
    // its own is a 64 MiB mapping whose pages fault in afresh, and finding
    // the caller's stack limit reads `/proc/self/maps` — together a tenth
    // of the audit of a small project.
    let find = || {
        let parsed = parse_unchecked(text, ParseOptions::from(Mode::Module));
        match parsed.syntax() {
            ast::Mod::Module(m) => secret_ranges(text, &m.body),
            ast::Mod::Expression(_) => Vec::new(),
        }
    };
    if crate::loader::refuses(text) {
        // Not parsed (it nests deeper than golive parses): every quoted
        // string is masked, whatever it is assigned to.
        return mask_every_quoted(text);
    }
    let ranges = if crate::loader::may_nest_deeply(text) {
        stacker::grow(64 * 1024 * 1024, find)
    } else {
        find()
    };
    mask(text, &ranges)
}

/// `text` with the inside of every quoted string masked, line by line.
fn mask_every_quoted(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut quote = None;
    for b in &mut bytes {
        match (quote, *b) {
            (_, b'\n') => quote = None,
            (None, q @ (b'"' | b'\'')) => quote = Some(q),
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => *b = b'*',
            _ => {}
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The byte ranges of `text` that [`redact_python_source`] masks, from the
/// statements parsed out of it (the evaluator's tree: no second parse).
/// Recurses as deep as the tree nests; the caller provides the stack.
pub fn secret_ranges(text: &str, body: &[Stmt]) -> Vec<std::ops::Range<usize>> {
    let mut finder = SecretFinder {
        text,
        ranges: Vec::new(),
    };
    for stmt in body {
        finder.visit_stmt(stmt);
    }
    finder.ranges
}

/// `text` with `ranges` replaced by `*`, byte for byte.
pub fn mask(text: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for r in ranges {
        let Some(part) = bytes.get_mut(r.clone()) else {
            continue;
        };
        part.fill(b'*');
    }
    // Only ASCII bytes were written over whole literals or URL parts, so a
    // multi-byte character can only have been replaced entirely.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

struct SecretFinder<'a> {
    text: &'a str,
    ranges: Vec<std::ops::Range<usize>>,
}

impl SecretFinder<'_> {
    /// Masks every string literal inside `expr` (the value of a secret).
    fn mask_all(&mut self, expr: &Expr) {
        struct All<'b, 'a>(&'b mut SecretFinder<'a>);
        impl<'c> Visitor<'c> for All<'_, '_> {
            fn visit_expr(&mut self, expr: &'c Expr) {
                match expr {
                    Expr::StringLiteral(s) => {
                        for part in s.value.iter() {
                            self.0.mask_literal(part.range());
                        }
                    }
                    // `os.environ.get("NAME", "default")`, `env("NAME")`:
                    // the variable's name is not a secret, its default is.
                    Expr::Call(c) => {
                        self.visit_expr(&c.func);
                        for (i, arg) in c.arguments.args.iter().enumerate() {
                            if i == 0 && matches!(arg, Expr::StringLiteral(_)) {
                                continue;
                            }
                            self.visit_expr(arg);
                        }
                        for kw in c.arguments.keywords.iter() {
                            if kw.arg.as_ref().is_some_and(|a| {
                                a.as_str() == "env" || a.as_str() == "var" || a.as_str() == "key"
                            }) {
                                continue;
                            }
                            self.visit_expr(&kw.value);
                        }
                        return;
                    }
                    // `os.environ["NAME"]`.
                    Expr::Subscript(sub) if matches!(&*sub.slice, Expr::StringLiteral(_)) => {
                        self.visit_expr(&sub.value);
                        return;
                    }
                    _ => {}
                }
                visitor::walk_expr(self, expr);
            }
        }
        All(self).visit_expr(expr);
    }

    fn mask_literal(&mut self, range: TextRange) {
        let (start, end) = (range.start().to_usize(), range.end().to_usize());
        let Some(slice) = self.text.get(start..end) else {
            return;
        };
        let Some(open) = slice.find(['\'', '"']) else {
            return;
        };
        let quote = slice.as_bytes()[open];
        let quotes = slice[open..]
            .bytes()
            .take_while(|&b| b == quote)
            .count()
            .min(3);
        let quotes = if quotes == 2 { 1 } else { quotes };
        let inner_start = start + open + quotes;
        let inner_end = end.saturating_sub(quotes);
        if inner_start < inner_end {
            self.ranges.push(inner_start..inner_end);
        }
    }
}

/// In a string literal's source (`"SECRET_KEY=abc"`, `'--db-password=x'`),
/// the value a secret-named `NAME=` assigns: up to the closing quote.
fn assigned_secret_range(literal: &str) -> Option<std::ops::Range<usize>> {
    let open = literal.find(['"', '\''])?;
    let quote = literal.as_bytes()[open];
    let close = literal.rfind(char::from(quote)).filter(|&c| c > open)?;
    let inner = &literal[open + 1..close];
    let (name, value) = inner.split_once('=')?;
    let name = name.trim_start_matches('-');
    let word = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !word || value.is_empty() || !is_secret_name(&name.replace('-', "_")) {
        return None;
    }
    let start = open + 1 + inner.len() - value.len();
    Some(start..close)
}

fn target_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        Expr::Subscript(s) => match &*s.slice {
            Expr::StringLiteral(k) => Some(k.value.to_str()),
            _ => None,
        },
        _ => None,
    }
}

impl<'a> Visitor<'a> for SecretFinder<'_> {
    /// `def connect(password='…')`: a secret-named parameter's default.
    fn visit_parameters(&mut self, parameters: &'a ast::Parameters) {
        for p in parameters.iter_non_variadic_params() {
            if is_secret_name(p.parameter.name.as_str())
                && let Some(default) = &p.default
            {
                self.mask_all(default);
            }
        }
        visitor::walk_parameters(self, parameters);
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Assign(a)
                if a.targets
                    .iter()
                    .any(|t| target_name(t).is_some_and(is_secret_name)) =>
            {
                self.mask_all(&a.value)
            }
            Stmt::AnnAssign(a) if target_name(&a.target).is_some_and(is_secret_name) => {
                if let Some(v) = &a.value {
                    self.mask_all(v);
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(Expr::StringLiteral(k)) = &item.key
                        && is_secret_name(k.value.to_str())
                    {
                        self.mask_all(&item.value);
                    }
                }
            }
            Expr::Call(c) => {
                for kw in c.arguments.keywords.iter() {
                    if kw.arg.as_ref().is_some_and(|a| is_secret_name(a.as_str())) {
                        self.mask_all(&kw.value);
                    }
                }
            }
            Expr::StringLiteral(s) => {
                for part in s.value.iter() {
                    let (start, end) = (
                        part.range().start().to_usize(),
                        part.range().end().to_usize(),
                    );
                    if let Some(slice) = self.text.get(start..end)
                        && let Some(r) = url_password_range(slice)
                    {
                        self.ranges.push(start + r.start..start + r.end);
                    }
                    // `raw_env = ["SECRET_KEY=…"]` (gunicorn), `"--password=…"`.
                    if let Some(slice) = self.text.get(start..end)
                        && let Some(r) = assigned_secret_range(slice)
                    {
                        self.ranges.push(start + r.start..start + r.end);
                    }
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secret_literals_and_keeps_offsets() {
        let src = "SECRET_KEY = 'abc123secret'\nDEBUG = True\nDATABASES = {'default': {'PASSWORD': \"pw\", 'NAME': 'shop'}}\nURL = 'postgres://u:hunter2@db/x'\nsentry_sdk.init(dsn='https://k@o.ingest/1')\n";
        let out = redact_python_source(src);
        assert_eq!(out.len(), src.len());
        assert!(
            !out.contains("abc123secret") && !out.contains("hunter2") && !out.contains("\"pw\"")
        );
        assert!(out.contains("SECRET_KEY = '************'"));
        assert!(out.contains("'NAME': 'shop'"));
        assert!(out.contains("postgres://u:*******@db/x"));
        assert!(out.contains("dsn='********************'"));
        let env = redact_python_source(
            "SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'fallback-key')\nPASSWORD = os.environ['DB_PASSWORD']\n",
        );
        assert!(env.contains("'DJANGO_SECRET_KEY', '************'"), "{env}");
        assert!(env.contains("os.environ['DB_PASSWORD']"), "{env}");
        let env_list = redact_python_source(
            "raw_env = ['SECRET_KEY=abc-123-def', \"DEBUG=0\"]\nargs = ['--db-password=hunter2x']\n",
        );
        assert_eq!(
            env_list,
            "raw_env = ['SECRET_KEY=***********', \"DEBUG=0\"]\nargs = ['--db-password=********']\n"
        );
        let defaults = redact_python_source(
            "def connect(host='db', password='hunter2-long', *, api_key='k-123456'):\n    pass\nf = lambda token='t-abcdef': token\n",
        );
        assert!(
            defaults.contains("host='db'")
                && defaults.contains("password='************'")
                && defaults.contains("api_key='********'")
                && defaults.contains("token='********'"),
            "{defaults}"
        );
    }

    #[test]
    fn masks_a_small_file_nested_deeper_than_cpython_allows() {
        // 6 KB, 3,000 lists deep: the evaluator refuses it, and its code
        // frames are masked without a parse.
        let src = format!(
            "SECRET_KEY = 'hunter2-but-longer'\nX = {}1{}\n",
            "[".repeat(3000),
            "]".repeat(3000)
        );
        let out = redact_python_source(&src);
        assert_eq!(out.len(), src.len());
        assert!(
            out.starts_with("SECRET_KEY = '******************'"),
            "{}",
            &out[..40]
        );
    }
}
