//! What the WEB rules need from a page's HTML: the CSP `<meta>` elements
//! that end up in its head, and the active subresources it loads (scripts,
//! stylesheets, frames, plugins) with their `integrity`. Tokenized with
//! html5gum's WHATWG tokenizer, so comments, `<script>` bodies, attribute
//! quoting and character references are read as a browser reads them; the
//! tree builder is not run, so "in the head" is decided by the insertion
//! rules that matter here (see [`scan`]).
//!
//! (html5ever's tokenizer did the same, but its table of named character
//! references — every prefix of every name, as pointers — is relocated by
//! the loader on every start of golive, probe or not: 60 pages of memory
//! written before `main`, a tenth of a small project's audit.)

use html5gum::{State as TokenizerState, Token, Tokenizer};
use std::collections::BTreeMap;

/// The kind of element that loads a subresource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Loader {
    Script,
    Stylesheet,
    Iframe,
    Object,
    Embed,
}

impl Loader {
    /// The element as written in HTML, for messages.
    pub(crate) fn element(self) -> &'static str {
        match self {
            Loader::Script => "<script src>",
            Loader::Stylesheet => "<link rel=stylesheet>",
            Loader::Iframe => "<iframe src>",
            Loader::Object => "<object data>",
            Loader::Embed => "<embed src>",
        }
    }
}

/// One subresource the page loads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Subresource {
    pub loader: Loader,
    /// The URL as written (trimmed of the whitespace browsers strip).
    pub url: String,
    /// The `integrity` attribute, when present.
    pub integrity: Option<String>,
}

/// What [`scan`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Scan {
    /// The `content` of each `<meta http-equiv="Content-Security-Policy">`
    /// a browser would put in the head (and so enforce).
    pub csp_meta: Vec<String>,
    pub subresources: Vec<Subresource>,
}

/// The elements that the "before head", "in head" and "after head"
/// insertion modes place in the head; any other start tag (or text) opens
/// the body, and a `<meta>` after that is in the body, where browsers do
/// not apply its policy.
const HEAD_ELEMENTS: [&str; 13] = [
    "html", "head", "meta", "link", "base", "basefont", "bgsound", "noframes", "script", "style",
    "template", "title", "noscript",
];

#[derive(Default)]
struct State {
    scan: Scan,
    /// The body has started (a non-head element or text was seen).
    in_body: bool,
    /// Inside `<template>`: its content is inert, a `<meta>` there applies nothing.
    template_depth: usize,
    /// Inside a head element whose text is its own content (`<title>`,
    /// `<script>`, `<style>`, `<noscript>`, `<noframes>`): that text does
    /// not open the body.
    head_text: Option<String>,
}

/// A start tag as the rules read it: its name and attributes as text
/// (the tokenizer gives bytes; a page's invalid UTF-8 is replaced).
struct Tag {
    name: String,
    attrs: BTreeMap<String, String>,
    self_closing: bool,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// HTML strips leading and trailing ASCII whitespace from URLs.
fn url_of(v: &str) -> String {
    v.trim_matches(|c: char| c.is_ascii_whitespace())
        .to_string()
}

/// A `<script>` whose `type` makes the browser fetch and run it (HTML's
/// "prepare the script element": absent or empty, a JavaScript MIME type,
/// or `module`).
fn runs(tag: &Tag) -> bool {
    match tag.attr("type").map(|t| t.trim().to_ascii_lowercase()) {
        None => true,
        Some(t) => {
            t.is_empty() || t == "module" || t.contains("javascript") || t.contains("ecmascript")
        }
    }
}

impl State {
    /// Takes in a start tag; returns the tokenizer state the tree builder
    /// would switch to, so that `<script>` bodies and the like are not
    /// read as markup.
    fn start_tag(&mut self, tag: &Tag) -> Option<TokenizerState> {
        let name = tag.name.as_str();
        if !HEAD_ELEMENTS.contains(&name) {
            self.in_body = true;
        }
        let loaded = match name {
            "script" if runs(tag) => tag.attr("src").map(|u| (Loader::Script, u)),
            "link"
                if tag.attr("rel").is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("stylesheet"))
                }) =>
            {
                tag.attr("href").map(|u| (Loader::Stylesheet, u))
            }
            "iframe" => tag.attr("src").map(|u| (Loader::Iframe, u)),
            "object" => tag.attr("data").map(|u| (Loader::Object, u)),
            "embed" => tag.attr("src").map(|u| (Loader::Embed, u)),
            _ => None,
        };
        if let Some((loader, url)) = loaded
            && self.template_depth == 0
            && !url.trim().is_empty()
        {
            let integrity = tag.attr("integrity").map(str::to_string);
            self.scan.subresources.push(Subresource {
                loader,
                url: url_of(url),
                integrity,
            });
        }
        if name == "meta"
            && !self.in_body
            && self.template_depth == 0
            && tag
                .attr("http-equiv")
                .is_some_and(|h| h.trim().eq_ignore_ascii_case("content-security-policy"))
            && let Some(content) = tag.attr("content")
        {
            self.scan.csp_meta.push(content.to_string());
        }
        if name == "template" && !tag.self_closing {
            self.template_depth += 1;
        }
        if !self.in_body
            && !tag.self_closing
            && matches!(name, "title" | "script" | "style" | "noscript" | "noframes")
        {
            self.head_text = Some(name.to_string());
        }
        match name {
            "script" => Some(TokenizerState::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                Some(TokenizerState::RawText)
            }
            "title" | "textarea" => Some(TokenizerState::RcData),
            "plaintext" => Some(TokenizerState::PlainText),
            _ => None,
        }
    }

    fn end_tag(&mut self, name: &str) {
        if self.head_text.as_deref() == Some(name) {
            self.head_text = None;
        }
        match name {
            "template" => self.template_depth = self.template_depth.saturating_sub(1),
            "body" | "html" => self.in_body = true,
            _ => {}
        }
    }

    /// Text outside the head elements' own content opens the body.
    fn text(&mut self, text: &[u8]) {
        if !text.trim_ascii().is_empty() && self.head_text.is_none() {
            self.in_body = true;
        }
    }
}

/// Reads `html` (the start of a page's body). A `<meta>` counts as in the
/// head while no element outside the head's content model (and no text)
/// has appeared — what the HTML insertion modes before `<body>` do, even
/// for a `<meta>` after `</head>` — and never inside `<template>`.
/// Subresources inside `<template>` are inert and not listed.
pub(crate) fn scan(html: &str) -> Scan {
    // A byte-order mark is the encoding's, not a character of the page
    // (HTML's decoder drops it): read as text it would open the body.
    let html = html.strip_prefix('\u{FEFF}').unwrap_or(html);
    let mut state = State::default();
    let mut tokens = Tokenizer::new(html);
    // Reading from a string cannot fail: the loop ends with the input.
    while let Some(Ok(token)) = tokens.next() {
        match token {
            Token::StartTag(tag) => {
                let tag = Tag {
                    name: text(&tag.name),
                    attrs: tag
                        .attributes
                        .iter()
                        .map(|(k, v)| (text(k), text(&v.value)))
                        .collect(),
                    self_closing: tag.self_closing,
                };
                // The tag was emitted at its `>`: the tokenizer has read
                // nothing after it yet, so the switch applies from there.
                if let Some(next) = state.start_tag(&tag) {
                    tokens.set_state(next);
                }
            }
            Token::EndTag(tag) => state.end_tag(&text(&tag.name)),
            Token::String(s) => state.text(&s.value),
            _ => {}
        }
    }
    state.scan
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn meta_csp_counts_only_in_the_head() {
        let s = scan(
            r#"<!doctype html><html><head><title>A shop</title><script>var a = 1;</script><META HTTP-EQUIV="content-security-policy" content="script-src 'self'"></head>
            <meta http-equiv="Content-Security-Policy" content="after head, still head">
            <body><meta http-equiv="Content-Security-Policy" content="in the body">"#,
        );
        assert_eq!(s.csp_meta, ["script-src 'self'", "after head, still head"]);
        // Text opens the body; a meta in a template or a comment is inert.
        let s = scan(
            r#"<template><meta http-equiv="Content-Security-Policy" content="t"></template><!-- <meta http-equiv="Content-Security-Policy" content="c"> -->Hello<meta http-equiv="Content-Security-Policy" content="b">"#,
        );
        assert!(s.csp_meta.is_empty(), "{s:?}");
        // A NUL is a character like any other for the insertion modes
        // before the body: it opens the body (which then ignores it), so
        // the `<meta>` after it is in the body. (html5ever's tokenizer gave
        // NULs a token of their own, which the scan used to skip.)
        let s = scan("\0<meta http-equiv=Content-Security-Policy content=\"default-src 'self'\">");
        assert!(s.csp_meta.is_empty(), "{s:?}");
        // A byte-order mark is not text: the `<meta>` after it is in the head.
        let s = scan(
            "\u{FEFF}<html><head><meta http-equiv=Content-Security-Policy content=\"default-src 'self'\">",
        );
        assert_eq!(s.csp_meta, ["default-src 'self'"]);
    }

    #[test]
    fn subresources_as_the_browser_loads_them() {
        let s = scan(
            r#"<head><link rel="preload stylesheet" href=" https://cdn.example/a.css "><link rel=icon href=/f.ico>
            <script src="http://cdn.example/x.js" integrity="sha384-abc"></script>
            <script>var s = '<script src="https://evil.example/in-a-string.js"></script>';</script>
            <script type="text/template" src="/tpl.html"></script><script type=module src=/m.js></script>
            </head><body><iframe src="http://video.example/"></iframe><object data="x.swf"></object><embed src="y"></body>"#,
        );
        let got: Vec<(Loader, &str, bool)> = s
            .subresources
            .iter()
            .map(|r| (r.loader, r.url.as_str(), r.integrity.is_some()))
            .collect();
        assert_eq!(
            got,
            [
                (Loader::Stylesheet, "https://cdn.example/a.css", false),
                (Loader::Script, "http://cdn.example/x.js", true),
                (Loader::Script, "/m.js", false),
                (Loader::Iframe, "http://video.example/", false),
                (Loader::Object, "x.swf", false),
                (Loader::Embed, "y", false),
            ]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn never_panics_and_stays_fast(
            s in "(<|>|/|=|\"|'|!|-|meta|script|head|body|template|http-equiv|content|src|[a-z ]){0,300}",
            u in any::<String>(),
        ) {
            for text in [&s, &u] {
                let started = std::time::Instant::now();
                let found = scan(text);
                prop_assert!(found.subresources.iter().all(|r| !r.url.is_empty()));
                prop_assert!(started.elapsed() < std::time::Duration::from_millis(500));
            }
        }
    }
}
