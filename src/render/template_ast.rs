//! One walk over tera's syntax trees, for the two things dossier learns by reading its
//! templates: what of a page's view a template reads (`render::fields`) and how far into
//! the site its output reaches (`incremental::reach`). Each is a `Visit` that overrides
//! the hooks it cares about; the walk itself — which nodes hold which expressions and which
//! nested bodies, which templates a template uses — is written here once.

use tera::ast::{Expr, ExprVal, FunctionCall, Node};
use tera::Template;

/// A fold over a template's nodes and expressions. Each hook's default walks on into what
/// it holds (`walk_*`); an override that still wants that calls the `walk_*` function.
pub trait Visit {
    fn node(&mut self, node: &Node) {
        walk_node(self, node);
    }

    fn expr(&mut self, e: &Expr) {
        walk_expr(self, e);
    }

    fn value(&mut self, v: &ExprVal) {
        walk_value(self, v);
    }

    /// A filter applied to an expression or a section (`| upper`, `{% filter … %}`).
    fn filter(&mut self, f: &FunctionCall) {
        walk_args(self, f);
    }

    /// A function call (`get_page(path=…)`).
    fn function(&mut self, f: &FunctionCall) {
        walk_args(self, f);
    }

    /// A name read (`page.title`), including the name a test is applied to.
    fn ident(&mut self, _name: &str) {}

    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            self.node(node);
        }
    }
}

/// The expressions `node` evaluates itself (not those of the nodes nested in it), and each
/// nested body.
pub fn walk_node<V: Visit + ?Sized>(v: &mut V, node: &Node) {
    match node {
        Node::VariableBlock(_, e) => v.expr(e),
        Node::MacroDefinition(_, m, _) => m.args.values().flatten().for_each(|e| v.expr(e)),
        Node::Set(_, s) => v.expr(&s.value),
        Node::FilterSection(_, s, _) => v.filter(&s.filter),
        Node::Forloop(_, l, _) => v.expr(&l.container),
        Node::If(i, _) => i.conditions.iter().for_each(|(_, e, _)| v.expr(e)),
        Node::Super
        | Node::Text(_)
        | Node::Block(..)
        | Node::Extends(..)
        | Node::Include(..)
        | Node::ImportMacro(..)
        | Node::Raw(..)
        | Node::Break(_)
        | Node::Continue(_)
        | Node::Comment(..) => {}
    }
    for body in children(node) {
        v.nodes(body);
    }
}

pub fn walk_expr<V: Visit + ?Sized>(v: &mut V, e: &Expr) {
    v.value(&e.val);
    e.filters.iter().for_each(|f| v.filter(f));
}

pub fn walk_args<V: Visit + ?Sized>(v: &mut V, f: &FunctionCall) {
    f.args.values().for_each(|e| v.expr(e));
}

pub fn walk_value<V: Visit + ?Sized>(v: &mut V, val: &ExprVal) {
    match val {
        ExprVal::Ident(name) => v.ident(name),
        ExprVal::Math(m) => {
            v.expr(&m.lhs);
            v.expr(&m.rhs);
        }
        ExprVal::Logic(l) => {
            v.expr(&l.lhs);
            v.expr(&l.rhs);
        }
        ExprVal::In(i) => {
            v.expr(&i.lhs);
            v.expr(&i.rhs);
        }
        ExprVal::Test(t) => {
            v.ident(&t.ident);
            t.args.iter().for_each(|e| v.expr(e));
        }
        ExprVal::MacroCall(m) => m.args.values().for_each(|e| v.expr(e)),
        ExprVal::FunctionCall(f) => v.function(f),
        ExprVal::Array(items) => items.iter().for_each(|e| v.expr(e)),
        ExprVal::StringConcat(s) => s.values.iter().for_each(|x| v.value(x)),
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
    }
}

/// The bodies nested in `node`: a block's, a loop's (and its `{% else %}`), each branch of
/// an `if`, a filter section's, a macro definition's.
pub fn children(node: &Node) -> Vec<&[Node]> {
    match node {
        Node::MacroDefinition(_, m, _) => vec![&m.body],
        Node::FilterSection(_, f, _) => vec![&f.body],
        Node::Block(_, b, _) => vec![&b.body],
        Node::Forloop(_, f, _) => {
            let mut c: Vec<&[Node]> = vec![&f.body];
            c.extend(f.empty_body.as_deref());
            c
        }
        Node::If(i, _) => {
            let mut c: Vec<&[Node]> = i.conditions.iter().map(|(_, _, b)| &b[..]).collect();
            c.extend(i.otherwise.as_ref().map(|(_, b)| &b[..]));
            c
        }
        _ => Vec::new(),
    }
}

/// The templates `template` uses directly: the one it extends, the files it imports macros
/// from, and those it includes anywhere (in its macros too).
pub fn uses(template: &Template) -> Vec<&str> {
    let mut used: Vec<&str> = template.parent.iter().map(String::as_str).collect();
    used.extend((template.imported_macro_files.iter()).map(|(file, _)| file.as_str()));
    includes(&template.ast, &mut used);
    used
}

fn includes<'a>(nodes: &'a [Node], out: &mut Vec<&'a str>) {
    for node in nodes {
        if let Node::Include(_, names, _) = node {
            out.extend(names.iter().map(String::as_str));
        }
        for body in children(node) {
            includes(body, out);
        }
    }
}
