//! The nginx configuration grammar: a character lexer with nginx's own
//! rules (`ngx_conf_read_token`) and a tree of directives on top. It accepts
//! any directive name — the grammar is the same for every module — and never
//! fails: what it cannot read becomes a [`SyntaxError`] and parsing goes on.

use crate::text_range as range;
use ruff_text_size::TextRange;

/// One directive: `name arg…;` or `name arg… { block }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub args: Vec<Arg>,
    /// From the first character of the name to the `;` or `{`.
    pub range: TextRange,
    /// The directives inside `{ }`, when the directive has a block.
    pub block: Option<Vec<Directive>>,
}

/// One argument, unquoted and unescaped, with the range it was written at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    pub value: String,
    pub range: TextRange,
    pub quoted: bool,
}

/// Something nginx itself would refuse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub range: TextRange,
}

/// A parsed file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedConfig {
    pub directives: Vec<Directive>,
    pub errors: Vec<SyntaxError>,
}

impl Directive {
    pub fn arg(&self, i: usize) -> Option<&str> {
        self.args.get(i).map(|a| a.value.as_str())
    }

    /// The children, or an empty slice for a simple directive.
    pub fn children(&self) -> &[Directive] {
        self.block.as_deref().unwrap_or(&[])
    }
}

/// nginx's escapes: `\"`, `\'`, `\\`, `\t`, `\r`, `\n`; any other backslash
/// stays (regular expressions keep their `\.`).
fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some(n @ ('"' | '\'' | '\\')) => {
                out.push(n);
                chars.next();
            }
            Some('t') => {
                out.push('\t');
                chars.next();
            }
            Some('r') => {
                out.push('\r');
                chars.next();
            }
            Some('n') => {
                out.push('\n');
                chars.next();
            }
            _ => out.push('\\'),
        }
    }
    out
}

#[derive(Debug, PartialEq, Eq)]
enum Tok {
    Word(String, bool),
    Semicolon,
    Open,
    Close,
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    errors: Vec<SyntaxError>,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            errors: Vec::new(),
        }
    }

    /// The next token and its range, skipping whitespace and comments.
    fn next(&mut self) -> Option<(Tok, TextRange)> {
        loop {
            let b = *self.bytes.get(self.pos)?;
            if b.is_ascii_whitespace() {
                self.pos += 1;
            } else if b == b'#' {
                // A comment runs to the end of the line.
                while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
        let start = self.pos;
        let b = self.bytes[start];
        match b {
            b';' => {
                self.pos += 1;
                Some((Tok::Semicolon, range(start, self.pos)))
            }
            b'{' => {
                self.pos += 1;
                Some((Tok::Open, range(start, self.pos)))
            }
            b'}' => {
                self.pos += 1;
                Some((Tok::Close, range(start, self.pos)))
            }
            b'"' | b'\'' => Some(self.quoted(b)),
            _ => Some(self.word()),
        }
    }

    fn quoted(&mut self, quote: u8) -> (Tok, TextRange) {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.bytes.get(self.pos) {
                None => {
                    self.errors.push(SyntaxError {
                        message: "unterminated quoted string".into(),
                        range: range(start, self.pos),
                    });
                    return (
                        Tok::Word(unescape(&self.text[start + 1..]), true),
                        range(start, self.pos),
                    );
                }
                Some(b'\\') if self.pos + 1 < self.bytes.len() => {
                    let next_len = self.text[self.pos + 1..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                    self.pos += 1 + next_len;
                }
                Some(&c) if c == quote => {
                    let value = unescape(&self.text[start + 1..self.pos]);
                    self.pos += 1;
                    let end = self.pos;
                    // nginx wants a separator right after a closing quote.
                    if let Some(&after) = self.bytes.get(self.pos)
                        && !(after.is_ascii_whitespace() || matches!(after, b';' | b'{' | b'}'))
                    {
                        self.errors.push(SyntaxError {
                            message: format!(
                                "unexpected \"{}\" after a quoted string",
                                after as char
                            ),
                            range: range(end, end + 1),
                        });
                    }
                    return (Tok::Word(value, true), range(start, end));
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn word(&mut self) -> (Tok, TextRange) {
        let start = self.pos;
        let mut after_dollar = false;
        while let Some(&c) = self.bytes.get(self.pos) {
            if c == b'\\' && self.pos + 1 < self.bytes.len() {
                // An escaped character belongs to the word.
                let next_len = self.text[self.pos + 1..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
                self.pos += 1 + next_len;
                after_dollar = false;
                continue;
            }
            if c == b'{' && after_dollar {
                // `${name}`: the braces belong to the variable.
                while let Some(&c) = self.bytes.get(self.pos) {
                    self.pos += 1;
                    if c == b'}' {
                        break;
                    }
                }
                after_dollar = false;
                continue;
            }
            if c.is_ascii_whitespace() || matches!(c, b';' | b'{' | b'}') {
                break;
            }
            after_dollar = c == b'$';
            self.pos += 1;
        }
        (
            Tok::Word(unescape(&self.text[start..self.pos]), false),
            range(start, self.pos),
        )
    }

    /// For `*_by_lua_block`: the raw body up to the matching brace.
    fn skip_raw_block(&mut self) -> usize {
        let mut depth = 1usize;
        while let Some(&c) = self.bytes.get(self.pos) {
            self.pos += 1;
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return self.pos;
                    }
                }
                _ => {}
            }
        }
        self.pos
    }
}

/// Parses one nginx configuration file.
pub fn parse(text: &str) -> ParsedConfig {
    let mut lexer = Lexer::new(text);
    let mut errors = Vec::new();
    let directives = parse_block(&mut lexer, &mut errors, None);
    errors.extend(lexer.errors);
    errors.sort_by_key(|e| e.range.start());
    ParsedConfig { directives, errors }
}

/// Nesting deeper than this is not a real configuration (nginx has no
/// limit, but every real file stays in single digits).
const MAX_DEPTH: usize = 64;

fn parse_block(
    lexer: &mut Lexer<'_>,
    errors: &mut Vec<SyntaxError>,
    open: Option<TextRange>,
) -> Vec<Directive> {
    parse_block_at(lexer, errors, open, 0)
}

fn parse_block_at(
    lexer: &mut Lexer<'_>,
    errors: &mut Vec<SyntaxError>,
    open: Option<TextRange>,
    depth: usize,
) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut current: Option<(String, TextRange, Vec<Arg>)> = None;
    loop {
        let Some((tok, r)) = lexer.next() else {
            if let Some((name, nr, _)) = current.take() {
                errors.push(SyntaxError {
                    message: format!(
                        "unexpected end of file, expecting \";\" or \"}}\" after \"{name}\""
                    ),
                    range: nr,
                });
            }
            if let Some(o) = open {
                errors.push(SyntaxError {
                    message: "unexpected end of file, expecting \"}\"".into(),
                    range: o,
                });
            }
            return out;
        };
        match tok {
            Tok::Word(value, quoted) => match &mut current {
                None => current = Some((value, r, Vec::new())),
                Some((_, _, args)) => args.push(Arg {
                    value,
                    range: r,
                    quoted,
                }),
            },
            Tok::Semicolon => match current.take() {
                Some((name, nr, args)) => out.push(Directive {
                    name,
                    args,
                    range: TextRange::new(nr.start(), r.end()),
                    block: None,
                }),
                None => errors.push(SyntaxError {
                    message: "unexpected \";\"".into(),
                    range: r,
                }),
            },
            Tok::Open => {
                let (name, nr, args) = match current.take() {
                    Some(c) => c,
                    None => {
                        errors.push(SyntaxError {
                            message: "unexpected \"{\"".into(),
                            range: r,
                        });
                        (String::new(), r, Vec::new())
                    }
                };
                let block = if name.ends_with("_by_lua_block") {
                    lexer.skip_raw_block();
                    Vec::new()
                } else if depth >= MAX_DEPTH {
                    errors.push(SyntaxError {
                        message: format!("blocks nested deeper than {MAX_DEPTH} levels"),
                        range: r,
                    });
                    lexer.skip_raw_block();
                    Vec::new()
                } else {
                    parse_block_at(lexer, errors, Some(r), depth + 1)
                };
                if !name.is_empty() {
                    out.push(Directive {
                        name,
                        args,
                        range: TextRange::new(nr.start(), r.end()),
                        block: Some(block),
                    });
                }
            }
            Tok::Close => {
                if let Some((name, nr, _)) = current.take() {
                    errors.push(SyntaxError {
                        message: format!("directive \"{name}\" is not terminated by \";\""),
                        range: nr,
                    });
                }
                if open.is_some() {
                    return out;
                }
                errors.push(SyntaxError {
                    message: "unexpected \"}\"".into(),
                    range: r,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(d: &[Directive]) -> Vec<&str> {
        d.iter().map(|d| d.name.as_str()).collect()
    }

    #[test]
    fn parses_a_django_site() {
        let text = r#"
upstream app { server unix:/run/gunicorn.sock fail_timeout=0; }
server {
    listen 443 ssl http2;  # TLS
    server_name shop.example.com www.shop.example.com;
    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
    location /static/ { alias /srv/shop/static/; expires 1y; }
    location ~* \.(png|jpe?g)$ { return 404; }
    location / {
        proxy_set_header Host $host;
        proxy_pass http://app;
    }
}
"#;
        let parsed = parse(text);
        assert_eq!(parsed.errors, vec![]);
        assert_eq!(names(&parsed.directives), ["upstream", "server"]);
        let server = &parsed.directives[1];
        assert_eq!(
            names(server.children()),
            [
                "listen",
                "server_name",
                "add_header",
                "location",
                "location",
                "location"
            ]
        );
        let hsts = &server.children()[2];
        assert_eq!(hsts.arg(1), Some("max-age=31536000; includeSubDomains"));
        assert!(hsts.args[1].quoted);
        assert_eq!(
            &text[hsts.range],
            "add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;"
        );
        assert_eq!(server.children()[4].arg(1), Some(r"\.(png|jpe?g)$"));
    }

    #[test]
    fn variables_with_braces_stay_in_the_word() {
        let parsed = parse("server { listen ${PORT}; server_name ${DOMAIN}.example.com; }");
        assert_eq!(parsed.errors, vec![]);
        assert_eq!(
            parsed.directives[0].children()[1].arg(0),
            Some("${DOMAIN}.example.com")
        );
    }

    #[test]
    fn escapes_in_quotes() {
        let parsed = parse(r#"return 200 "say \"hi\"\n";"#);
        assert_eq!(parsed.directives[0].arg(1), Some("say \"hi\"\n"));
    }

    #[test]
    fn reports_what_nginx_refuses() {
        let cases = [
            ("server { listen 80; ", "expecting \"}\""),
            ("server { listen 80 }", "not terminated"),
            ("listen 80; }", "unexpected \"}\""),
            ("; listen 80;", "unexpected \";\""),
            ("return 200 \"open", "unterminated"),
            ("return \"a\"b;", "after a quoted string"),
        ];
        for (text, expected) in cases {
            let parsed = parse(text);
            assert!(
                parsed.errors.iter().any(|e| e.message.contains(expected)),
                "{text}: {:?}",
                parsed.errors
            );
        }
    }

    #[test]
    fn lua_blocks_are_kept_raw() {
        let parsed =
            parse("location / { content_by_lua_block { ngx.say(\"hi\") } }\nserver_tokens off;");
        assert_eq!(names(&parsed.directives), ["location", "server_tokens"]);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "a {".repeat(10_000);
        let parsed = parse(&text);
        assert!(!parsed.errors.is_empty());
    }
}
