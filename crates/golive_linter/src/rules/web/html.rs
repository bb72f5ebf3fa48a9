//! What the WEB rules need from a page's HTML: the CSP `<meta>` elements
//! that end up in its head, and the active subresources it loads (scripts,
//! stylesheets, frames, plugins) with their `integrity`. Tokenized with
//! html5ever's spec tokenizer, so comments, `<script>` bodies, attribute
//! quoting and character references are read as a browser reads them; the
//! tree builder is not run, so "in the head" is decided by the insertion
//! rules that matter here (see [`scan`]).

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

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

struct Sink(RefCell<State>);

fn attr<'t>(tag: &'t Tag, name: &str) -> Option<&'t str> {
    tag.attrs
        .iter()
        .find(|a| a.name.ns.is_empty() && &*a.name.local == name)
        .map(|a| &*a.value)
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
    match attr(tag, "type").map(|t| t.trim().to_ascii_lowercase()) {
        None => true,
        Some(t) => {
            t.is_empty() || t == "module" || t.contains("javascript") || t.contains("ecmascript")
        }
    }
}

impl Sink {
    fn start_tag(&self, tag: &Tag) -> TokenSinkResult<()> {
        let name = &*tag.name;
        let mut st = self.0.borrow_mut();
        if !HEAD_ELEMENTS.contains(&name) {
            st.in_body = true;
        }
        let loaded = match name {
            "script" if runs(tag) => attr(tag, "src").map(|u| (Loader::Script, u)),
            "link"
                if attr(tag, "rel").is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("stylesheet"))
                }) =>
            {
                attr(tag, "href").map(|u| (Loader::Stylesheet, u))
            }
            "iframe" => attr(tag, "src").map(|u| (Loader::Iframe, u)),
            "object" => attr(tag, "data").map(|u| (Loader::Object, u)),
            "embed" => attr(tag, "src").map(|u| (Loader::Embed, u)),
            _ => None,
        };
        if let Some((loader, url)) = loaded
            && st.template_depth == 0
            && !url.trim().is_empty()
        {
            let integrity = attr(tag, "integrity").map(str::to_string);
            st.scan.subresources.push(Subresource {
                loader,
                url: url_of(url),
                integrity,
            });
        }
        if name == "meta"
            && !st.in_body
            && st.template_depth == 0
            && attr(tag, "http-equiv")
                .is_some_and(|h| h.trim().eq_ignore_ascii_case("content-security-policy"))
            && let Some(content) = attr(tag, "content")
        {
            st.scan.csp_meta.push(content.to_string());
        }
        if name == "template" && !tag.self_closing {
            st.template_depth += 1;
        }
        if !st.in_body
            && !tag.self_closing
            && matches!(name, "title" | "script" | "style" | "noscript" | "noframes")
        {
            st.head_text = Some(name.to_string());
        }
        // The tokenizer states the tree builder would switch to, so that
        // `<script>` bodies and the like are not read as markup.
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => return self.start_tag(&tag),
            Token::TagToken(tag) => {
                let mut st = self.0.borrow_mut();
                if st.head_text.as_deref() == Some(&*tag.name) {
                    st.head_text = None;
                }
                match &*tag.name {
                    "template" => st.template_depth = st.template_depth.saturating_sub(1),
                    "body" | "html" => st.in_body = true,
                    _ => {}
                }
            }
            // Text outside the head elements' own content opens the body.
            Token::CharacterTokens(text) if !text.trim_ascii().is_empty() => {
                let mut st = self.0.borrow_mut();
                if st.head_text.is_none() {
                    st.in_body = true;
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Reads `html` (the start of a page's body). A `<meta>` counts as in the
/// head while no element outside the head's content model (and no text)
/// has appeared — what the HTML insertion modes before `<body>` do, even
/// for a `<meta>` after `</head>` — and never inside `<template>`.
/// Subresources inside `<template>` are inert and not listed.
pub(crate) fn scan(html: &str) -> Scan {
    let tokenizer = Tokenizer::new(
        Sink(RefCell::new(State::default())),
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // A `Script` result would pause the tokenizer; the sink never asks for
    // one, so a single feed consumes the input.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take().scan
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
