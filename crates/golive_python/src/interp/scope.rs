//! What the branches of an undecided `if` can change in their module's
//! namespace: a fork copies and merges only those names instead of the
//! whole namespace (a settings module with a loop over forty languages
//! would otherwise copy every setting eighty times).

use super::{is_mutating_method, root_name};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{ExceptHandler, Expr, Stmt};

/// The effects of a block of statements, as far as they can be read
/// without running it.
#[derive(Debug, Default)]
pub(crate) struct Effects {
    /// Reading a function body: names it assigns are its locals, and its
    /// imports and definitions are local too.
    in_function: bool,
    /// Names the block assigns, deletes or mutates in place.
    pub names: Vec<String>,
    /// What it calls: a name (`helper(...)`) or the root of a dotted
    /// callee (`os` of `os.environ.get(...)`). A call of project code may
    /// write anything, which the fork decides when it knows the values.
    pub callees: Vec<String>,
    /// It does something whose effect has no static bound: an import, a
    /// `global`, a definition, an assignment expression, a call through an
    /// expression.
    pub unbounded: bool,
}

impl Effects {
    pub(crate) fn of(blocks: &[&[Stmt]], tests: &[&Expr]) -> Self {
        let mut e = Effects::default();
        for block in blocks {
            for stmt in *block {
                e.visit_stmt(stmt);
            }
        }
        for test in tests {
            e.visit_expr(test);
        }
        e
    }

    /// What calling a function can change in its module: the globals it
    /// mutates or assigns through subscripts and attributes, and what it
    /// calls.
    pub(crate) fn of_function(body: &[Stmt]) -> Self {
        let mut e = Effects {
            in_function: true,
            ..Effects::default()
        };
        for stmt in body {
            e.visit_stmt(stmt);
        }
        e
    }

    fn target(&mut self, target: &Expr) {
        match target {
            Expr::Name(_) if self.in_function => {}
            Expr::Name(n) => self.names.push(n.id.to_string()),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.target(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.target(e)),
            Expr::Starred(s) => self.target(&s.value),
            Expr::Subscript(_) | Expr::Attribute(_) => match root_name(target) {
                Some(r) => self.names.push(r.to_string()),
                None => self.unbounded = true,
            },
            _ => self.unbounded = true,
        }
    }
}

impl<'a> Visitor<'a> for Effects {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Global(_) | Stmt::Nonlocal(_) => {
                self.unbounded = true;
                return;
            }
            Stmt::Import(_) | Stmt::ImportFrom(_) | Stmt::FunctionDef(_) | Stmt::ClassDef(_)
                if !self.in_function =>
            {
                self.unbounded = true;
                return;
            }
            Stmt::Assign(a) => a.targets.iter().for_each(|t| self.target(t)),
            Stmt::AnnAssign(a) => self.target(&a.target),
            Stmt::AugAssign(a) => self.target(&a.target),
            Stmt::For(f) => self.target(&f.target),
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        self.target(v);
                    }
                }
            }
            Stmt::Delete(d) => d.targets.iter().for_each(|t| self.target(t)),
            Stmt::Try(t) => {
                for h in &t.handlers {
                    let ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.names.push(n.to_string());
                    }
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Named(_) | Expr::Lambda(_) if !self.in_function => self.unbounded = true,
            Expr::Call(c) => {
                // What a call receives it may mutate (`add_app(INSTALLED_APPS)`).
                for arg in c
                    .arguments
                    .args
                    .iter()
                    .chain(c.arguments.keywords.iter().map(|k| &k.value))
                {
                    if let Some(r) = root_name(arg) {
                        self.names.push(r.to_string());
                    }
                }
                self.call(c);
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

impl Effects {
    fn call(&mut self, c: &ruff_python_ast::ExprCall) {
        match &*c.func {
            Expr::Name(n) => self.callees.push(n.id.to_string()),
            Expr::Attribute(a) => match root_name(&a.value) {
                Some(r) => {
                    self.callees.push(r.to_string());
                    if is_mutating_method(a.attr.as_str()) {
                        self.names.push(r.to_string());
                    }
                }
                // `(a or b).append(...)`, `f().x()`: the receiver has
                // no name to copy.
                None => self.unbounded = true,
            },
            _ => self.unbounded = true,
        }
    }
}
