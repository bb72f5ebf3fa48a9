//! Which values are secrets, and how they are masked in output.

use golive_python::{V, Value};

pub use golive_source::is_secret_name;

/// A secret string as JSON: `{"secret": "dj…", "length": 50}`.
pub(crate) fn masked_json(s: &str) -> serde_json::Value {
    let secret = golive_source::Secret(s.to_string());
    serde_json::json!({"secret": format!("{}…", secret.prefix()), "length": secret.len()})
}

/// Masks the password of a URL with credentials (`postgres://u:pw@h/db`).
pub(crate) fn mask_url_password(s: &str) -> Option<String> {
    let r = golive_source::url_password_range(s)?;
    Some(format!(
        "{}{}{}",
        &s[..r.start],
        golive_source::mask_secret(&s[r.clone()]),
        &s[r.end..]
    ))
}

/// A copy of a value with every secret string replaced by its mask (for
/// text output): strings under secret names and URL passwords.
pub fn mask_value_secrets(name: &str, value: &Value) -> Value {
    mask(is_secret_name(name), value)
}

fn mask(secret: bool, value: &Value) -> Value {
    match &value.v {
        V::Str(s) if secret && !s.is_empty() => Value::str(golive_source::mask_secret(s)),
        V::Str(s) => match mask_url_password(s) {
            Some(m) => Value::str(m),
            None => value.clone(),
        },
        V::List(_) | V::Tuple(_) | V::Set(_) => {
            let items: Vec<Value> = value
                .elements()
                .unwrap_or_default()
                .iter()
                .map(|i| mask(secret, i))
                .collect();
            match value.v {
                V::List(_) => Value::list(items),
                V::Tuple(_) => Value::tuple(items),
                _ => Value::set(items),
            }
        }
        V::Dict(d) => Value::dict(
            d.borrow()
                .entries
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        mask(secret || k.as_str().is_some_and(is_secret_name), v),
                    )
                })
                .collect(),
        ),
        _ => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for n in [
            "SECRET_KEY",
            "EMAIL_HOST_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "SENTRY_DSN",
            "PASSWORD",
            "STRIPE_API_KEY",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in [
            "PASSWORD_HASHERS",
            "AUTH_PASSWORD_VALIDATORS",
            "PASSWORD_RESET_TIMEOUT",
            "CSRF_HEADER_NAME",
            "DEBUG",
        ] {
            assert!(!is_secret_name(n), "{n}");
        }
    }

    #[test]
    fn url_passwords_are_masked() {
        let m = mask_url_password("postgres://shop:hunter2hunter2@db:5432/shop").unwrap();
        assert!(!m.contains("hunter2"));
        assert!(m.starts_with("postgres://shop:'hu…' (14 chars)@db:5432/shop"));
        assert_eq!(mask_url_password("redis://cache:6379/0"), None);
    }
}

/// The secret values of one audit, masked wherever they appear in output:
/// whatever statement, file or message carries them (an unpacking
/// assignment, an exception text, a compose scalar folded over lines), the
/// output does not. Collected from the evaluated settings and environment
/// (by the name that holds them) and from every file golive read (URL
/// credentials, `Authorization` tokens, `NAME=value` lines under a secret
/// name).
#[derive(Debug, Default)]
pub struct SecretValues {
    /// Each secret, and the forms it takes in output (JSON- and
    /// repr-escaped).
    values: std::collections::BTreeSet<String>,
    /// The matcher over `values`, built on first use (leftmost-longest,
    /// so a secret containing another is masked whole).
    matcher: std::cell::OnceCell<Matcher>,
}

/// Finds the secrets in a text, leftmost-longest.
#[derive(Debug)]
enum Matcher {
    /// A handful of secrets (a typical project's): each searched for on
    /// its own. Building an automaton for them costs ten times more than
    /// the searches it would save in a report of a few kilobytes.
    Few(Vec<memchr::memmem::Finder<'static>>),
    Many(aho_corasick::AhoCorasick),
    None,
}

/// Up to this many secret forms are searched for one by one.
const FEW_SECRETS: usize = 16;

impl Matcher {
    fn new(values: &std::collections::BTreeSet<String>) -> Self {
        if values.len() <= FEW_SECRETS {
            return Matcher::Few(
                values
                    .iter()
                    .map(|v| memchr::memmem::Finder::new(v).into_owned())
                    .collect(),
            );
        }
        // A contiguous NFA: a run masks a few kilobytes of output, where
        // building a DFA costs more than the search it speeds up.
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(values)
            .map_or(Matcher::None, Matcher::Many)
    }

    /// The byte ranges of the secrets in `text`, leftmost-longest and not
    /// overlapping, in order.
    fn find(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        match self {
            Matcher::None => Vec::new(),
            Matcher::Many(automaton) => automaton.find_iter(text).map(|m| m.range()).collect(),
            Matcher::Few(finders) => {
                // Every occurrence of every secret, overlapping ones too
                // (one may start inside another's match that a longer or
                // earlier secret then wins)…
                let mut all = Vec::new();
                for finder in finders {
                    let len = finder.needle().len();
                    let mut from = 0;
                    while let Some(at) = finder.find(&text.as_bytes()[from..]) {
                        all.push(from + at..from + at + len);
                        from += at + 1;
                    }
                }
                // …then, left to right, the longest at the leftmost start,
                // searching on after its end: what the automaton's
                // leftmost-longest search reports.
                all.sort_unstable_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
                let mut kept: Vec<std::ops::Range<usize>> = Vec::new();
                for r in all {
                    if kept.last().is_none_or(|last| r.start >= last.end) {
                        kept.push(r);
                    }
                }
                kept
            }
        }
    }
}

/// Shorter values are not masked by value: they would mask ordinary words
/// of the output. (Settings and frames still mask them by name.)
const MIN_SECRET_LEN: usize = 6;

impl SecretValues {
    pub fn new() -> Self {
        Self::default()
    }

    /// A value held under `name`: secret when the name is.
    pub fn add_named(&mut self, name: &str, value: &str) {
        if is_secret_name(name) {
            self.add(value);
        } else {
            self.add_url_credentials(value);
        }
    }

    /// Every string inside a setting's value, secret when its name (or a
    /// dict key on the way) is.
    pub fn add_setting(&mut self, name: &str, value: &Value) {
        self.add_tree(is_secret_name(name), value, 0);
    }

    fn add_tree(&mut self, secret: bool, value: &Value, depth: usize) {
        if depth > 32 {
            return;
        }
        match &value.v {
            V::Str(s) if secret => self.add(s),
            V::Str(s) => self.add_url_credentials(s),
            V::List(_) | V::Tuple(_) | V::Set(_) => {
                for i in value.elements().unwrap_or_default().iter().take(10_000) {
                    self.add_tree(secret, i, depth + 1);
                }
            }
            V::Dict(d) => {
                for (k, v) in d.borrow().entries.iter().take(10_000) {
                    self.add_tree(
                        secret || k.as_str().is_some_and(is_secret_name),
                        v,
                        depth + 1,
                    );
                }
            }
            _ => {}
        }
    }

    /// The credentials of URLs in a string (`postgres://u:PW@h`, a Sentry
    /// DSN's key `https://KEY@o1.ingest.sentry.io/1`).
    fn add_url_credentials(&mut self, s: &str) {
        // Credentials need an `@`: lock files hold thousands of URLs and none.
        if !s.contains('@') {
            return;
        }
        let mut rest = s;
        while let Some(i) = rest.find("://") {
            let url = &rest[i..];
            let start = 3;
            let end = url[start..]
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ',' | ';' | ')' | '>')
                })
                .map_or(url.len(), |e| start + e);
            let token = &url[start..end];
            if let Some(at) = token.rfind('@') {
                let userinfo = &token[..at];
                if !userinfo.contains('/') {
                    match userinfo.split_once(':') {
                        Some((_, password)) => self.add(password),
                        // No password: a long user is a key (Sentry's DSN).
                        None if userinfo.len() >= 16 => self.add(userinfo),
                        None => {}
                    }
                }
            }
            rest = &rest[i + 3..];
        }
    }

    /// Scans a file's text for secrets that appear in it: URL credentials,
    /// `Authorization: Basic …`/`Bearer …` tokens, and values assigned to
    /// secret names (`NAME=value`, `NAME: value`, `ENV NAME value`,
    /// `"NAME": "value"`).
    pub fn scan_text(&mut self, text: &str) {
        self.scan(text, true);
    }

    /// [`Self::scan_text`] for Python source, whose assignments the
    /// evaluated settings already cover: URL credentials and tokens only.
    pub fn scan_python(&mut self, text: &str) {
        self.scan(text, false);
    }

    fn scan(&mut self, text: &str, assignments: bool) {
        // Every source file, line by line when it has a token: searchers
        // built once, not per line.
        let schemes =
            ["Basic ", "Bearer ", "Token "].map(|s| (s, memchr::memmem::Finder::new(s.as_bytes())));
        let tokens = schemes
            .iter()
            .any(|(_, f)| f.find(text.as_bytes()).is_some());
        if text.contains("://") {
            self.add_url_credentials(text);
        }
        if !(tokens || assignments && has_secret_word(text)) {
            return;
        }
        for line in text.lines().take(200_000) {
            for (scheme, finder) in &schemes {
                if let Some(i) = finder.find(line.as_bytes()) {
                    let token: String = line[i + scheme.len()..]
                        .chars()
                        .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | ';'))
                        .collect();
                    self.add(&token);
                }
            }
            if !assignments || !has_secret_word(line) {
                continue;
            }
            if let Some((name, value)) = assignment(line)
                && is_secret_name(name)
                && !name.eq_ignore_ascii_case("key")
            {
                self.add(value);
            }
        }
    }

    /// Adds a secret value (and its pieces, when it spans words or lines),
    /// unless it is not a secret by its shape.
    pub fn add(&mut self, value: &str) {
        let value = value.trim();
        if !looks_secret(value) {
            return;
        }
        self.push(value);
        // A folded scalar or a value that wraps: its pieces appear alone.
        if value.contains(char::is_whitespace) {
            for piece in value
                .split_whitespace()
                .filter(|p| p.len() >= 8 && looks_secret(p))
            {
                self.push(piece);
            }
        }
    }

    fn push(&mut self, value: &str) {
        let json = serde_json::to_string(value).unwrap_or_default();
        let json = json.trim_matches('"');
        let repr = golive_python::value::str_repr(value);
        let repr = &repr[1..repr.len().saturating_sub(1).max(1)];
        // The forms a value takes in the other formats: HTML escapes it
        // (askama's escaper), GitHub's workflow commands escape `%` and
        // line breaks.
        let html = html_escaped(value);
        let github = crate::github::escape_data(value);
        for form in [value, json, repr, &html, &github] {
            if form.len() >= MIN_SECRET_LEN {
                self.values.insert(form.to_string());
            }
        }
        self.matcher = std::cell::OnceCell::new();
    }

    /// `text` with every secret replaced by a mask of the same length (its
    /// first two characters when it is long, then `*`), so code frames keep
    /// their columns.
    pub fn redact(&self, text: &str) -> String {
        let matcher = self.matcher.get_or_init(|| Matcher::new(&self.values));
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for m in matcher.find(text) {
            out.push_str(&text[last..m.start]);
            out.push_str(&same_length_mask(&text[m.clone()]));
            last = m.end;
        }
        out.push_str(&text[last..]);
        out
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// `value` as the HTML report's template (askama) escapes text: `&`, `<`,
/// `>`, `"` and `'` as numeric references.
pub(crate) fn html_escaped(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&#38;"),
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn same_length_mask(v: &str) -> String {
    let n = v.chars().count();
    let keep = if n >= 16 { 2 } else { 0 };
    v.chars()
        .take(keep)
        .chain(std::iter::repeat_n('*', n - keep))
        .collect()
}

/// Whether a line mentions a word secret names are made of.
fn has_secret_word(text: &str) -> bool {
    // One pass over the text for all the words, whatever their case.
    static WORDS: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "KEY",
                "SECRET",
                "TOKEN",
                "PASS",
                "PWD",
                "CREDENTIAL",
                "WEBHOOK",
                "DSN",
            ])
            .ok()
    });
    words.as_ref().is_none_or(|w| w.is_match(text))
}

/// `NAME=value`, `NAME: value`, `- NAME=value`, `ENV NAME value`,
/// `Environment=NAME=value`, `"NAME": "value"`, `env = NAME=value`.
fn assignment(line: &str) -> Option<(&str, &str)> {
    let l = line
        .trim()
        .trim_start_matches("- ")
        .trim_start_matches("export ");
    let l = l
        .strip_prefix("ENV ")
        .or_else(|| l.strip_prefix("ARG "))
        .unwrap_or(l);
    let l = l
        .strip_prefix("Environment=")
        .or_else(|| l.strip_prefix("env = "))
        .or_else(|| l.strip_prefix("env="))
        .unwrap_or(l);
    let l = l.trim_start_matches(['"', '\'']);
    let name_end = l.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let name = &l[..name_end];
    let rest = l[name_end..].trim_start_matches(['"', '\'']).trim_start();
    let rest = rest
        .strip_prefix('=')
        .or_else(|| rest.strip_prefix(':'))
        .or_else(|| (line.trim_start().starts_with("ENV ")).then_some(rest))?;
    let value = rest.trim().trim_end_matches(',').trim();
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    // A value, not a structure (`"PASSWORD": {"type": "string", …}`).
    let structural =
        value.starts_with(['{', '[', '(', '>', '|']) || value.contains(['"', '\'', ',', '{', '}']);
    (!name.is_empty() && !value.is_empty() && !structural).then_some((name, value))
}

/// Whether a value held under a secret name is a secret by its shape: not
/// a dotted import path (`myapp.keys.KeyGenerator`), a number, a boolean, a placeholder or a reference to another variable.
fn looks_secret(v: &str) -> bool {
    if v.len() < MIN_SECRET_LEN || v.len() > 4096 {
        return false;
    }
    let dotted = v.split('.').count() >= 2
        && v.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    let number = v.parse::<f64>().is_ok();
    let boolean = matches!(
        v.to_ascii_lowercase().as_str(),
        "true" | "false" | "none" | "null" | "yes" | "no"
    );
    // A single short word (`POSTGRES_PASSWORD: kitsune` in a development
    // compose file) is also the project's name, a service, a module:
    // masking it everywhere would garble the output. Name-based masking
    // still hides it where it is assigned.
    // A word, or a few joined (`my-shop_db2`): at most two digits and two
    // separators — `aa0---0_-a-a-aa_` is no name.
    let word = v.len() <= 12 && v.chars().all(|c| c.is_ascii_alphabetic())
        || v.len() <= 16
            && v.starts_with(|c: char| c.is_ascii_lowercase())
            && v.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
            && v.chars().filter(char::is_ascii_digit).count() <= 2
            && v.chars().filter(|c| matches!(c, '_' | '-')).count() <= 2;
    // `key: SECRET_KEY` (render.yaml, app.json) names a variable.
    // (AWS key ids are upper case too, but have no underscore.)
    let variable_name = v.contains('_')
        && v.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let reference = v.starts_with('$')
        || v.starts_with("{{")
        || v.starts_with('<')
        || v.starts_with("os.")
        || v.starts_with("env(")
        || v.starts_with("config(");
    !(dotted
        || number
        || boolean
        || word
        || variable_name
        || reference
        || golive_source::is_placeholder_secret(v))
}

#[cfg(test)]
mod value_tests {
    use super::*;

    #[test]
    fn secrets_are_masked_wherever_they_appear_and_nothing_else() {
        let mut s = SecretValues::new();
        s.add_named("FIELD_ENCRYPTION_KEY", "k7Hq9vLm2PzX4bN8");
        s.add_named("SIGNING_KEY_CLASS", "myapp.keys.KeyGenerator");
        s.add_named("CACHE_KEY_PREFIX", "shop");
        s.scan_text("SENTRY_DSN: https://0123456789abcdef0123@o1.ingest.sentry.io/1\nproxy_set_header Authorization \"Basic dXNlcjpodW50ZXIy\";\n");
        let out = s.redact(
            "ValueError: invalid literal for int() with base 10: 'k7Hq9vLm2PzX4bN8'; KeyGenerator; shop; Basic dXNlcjpodW50ZXIy; 0123456789abcdef0123@",
        );
        assert!(
            !out.contains("k7Hq9vLm2PzX4bN8")
                && !out.contains("dXNlcjpodW50ZXIy")
                && !out.contains("0123456789abcdef0123"),
            "{out}"
        );
        assert!(out.contains("myapp.keys.KeyGenerator") || out.contains("KeyGenerator"));
        assert!(out.contains("shop"));
        assert_eq!(
            out.len(),
            "ValueError: invalid literal for int() with base 10: 'k7Hq9vLm2PzX4bN8'; KeyGenerator; shop; Basic dXNlcjpodW50ZXIy; 0123456789abcdef0123@".len()
        );
    }

    #[test]
    fn short_names_are_spared_and_random_strings_are_not() {
        // Names a development compose file uses as passwords stay readable
        // elsewhere in the report; a random string of the same alphabet is
        // masked (found by the property test below).
        for name in ["kitsune", "shop-db", "my-shop_db2", "postgres"] {
            assert!(!looks_secret(name), "{name}");
        }
        for secret in ["aa0---0_-a-a-aa_", "k7Hq9vLm2PzX4bN8", "abc-def-ghi-jkl0"] {
            assert!(looks_secret(secret), "{secret}");
        }
    }

    #[test]
    fn a_secret_is_masked_in_the_forms_html_and_workflow_commands_give_it() {
        let secret = "Zq8#kL2<mN9@pR4&tV7%xB1'cD5\"fG3";
        let mut s = SecretValues::new();
        s.add_named("SECRET_KEY", secret);
        for form in [html_escaped(secret), crate::github::escape_data(secret)] {
            assert_ne!(form, secret);
            let out = s.redact(&format!("<p>{form}</p>"));
            assert!(!out.contains(&form[4..]), "{out}");
        }
        assert_eq!(html_escaped("<&>\"'"), "&#60;&#38;&#62;&#34;&#39;");
    }

    #[test]
    fn a_folded_secret_is_masked_line_by_line() {
        let mut s = SecretValues::new();
        s.add_named("API_TOKEN", "abcdefgh12345678 ijklmnop87654321");
        let out = s.redact("  API_TOKEN: >-\n    abcdefgh12345678\n    ijklmnop87654321\n");
        assert!(
            !out.contains("abcdefgh12345678") && !out.contains("ijklmnop87654321"),
            "{out}"
        );
    }
}

#[cfg(test)]
mod value_props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// A secret held under a secret name never survives redaction,
        /// wherever it sits in the text, and the text keeps its length.
        #[test]
        fn a_secret_never_survives(secret in "[A-Za-z0-9+/_-]{16,40}", before in "\\PC{0,80}", after in "\\PC{0,80}") {
            // What golive spares on purpose — a short lower-case name such
            // as `kitsune-db` — is not a secret value here; the generator
            // makes one about once in 10,000 cases.
            prop_assume!(looks_secret(&secret));
            let mut s = SecretValues::new();
            s.add_named("DJANGO_SECRET_KEY", &secret);
            let text = format!("{before}{secret}{after}\n{secret}");
            let out = s.redact(&text);
            prop_assert!(!out.contains(&secret));
            prop_assert_eq!(out.chars().count(), text.chars().count());
        }

        /// Searching a few secrets one by one finds what the automaton
        /// finds (secrets that overlap, contain or repeat one another).
        #[test]
        fn few_secrets_are_found_as_the_automaton_finds_them(
            values in proptest::collection::btree_set("[ab]{1,5}", 1..=FEW_SECRETS),
            text in "[abc]{0,60}",
        ) {
            let few = Matcher::new(&values);
            prop_assert!(matches!(few, Matcher::Few(_)));
            let automaton = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&values)
                .unwrap();
            let expected: Vec<_> = automaton.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(few.find(&text), expected);
        }

        /// Scanning any text never panics, and redacting with what it found
        /// keeps the length.
        #[test]
        fn scanning_any_text(text in "\\PC{0,300}") {
            let mut s = SecretValues::new();
            s.scan_text(&text);
            prop_assert_eq!(s.redact(&text).chars().count(), text.chars().count());
        }
    }
}
