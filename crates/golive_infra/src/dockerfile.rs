//! Dockerfiles as instructions with spans: line continuations joined,
//! comments and parser directives skipped, build stages told apart, and
//! the arguments of ENV, ARG, CMD, ENTRYPOINT, USER and HEALTHCHECK read.

use crate::text_range as range;
use ruff_text_size::TextRange;

/// One instruction (`ENV DEBUG=0`), its continuation lines joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// Upper-cased keyword.
    pub keyword: String,
    /// The arguments as written (continuations joined with a space).
    pub args: String,
    pub range: TextRange,
    /// The instruction as written in the file (continuations included).
    pub raw: String,
}

/// A `KEY=value` pair from ENV or ARG.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvPair {
    pub name: String,
    /// `None` for `ARG NAME` without a default.
    pub value: Option<String>,
    pub range: TextRange,
}

/// One build stage (`FROM … AS name` and what follows).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stage {
    pub from: String,
    pub name: Option<String>,
    pub instructions: Vec<Instruction>,
}

/// A parsed Dockerfile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dockerfile {
    /// Instructions before the first FROM (global ARGs).
    pub preamble: Vec<Instruction>,
    pub stages: Vec<Stage>,
}

/// Parses a Dockerfile. Never fails: lines that are not instructions are
/// skipped.
pub fn parse(text: &str) -> Dockerfile {
    let mut df = Dockerfile::default();
    let mut offset = 0usize;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let start = offset;
        offset += line.len();
        i += 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // Join continuation lines (a trailing backslash); comment lines
        // inside a continuation are dropped, as Docker does.
        let mut joined = trimmed.trim_end_matches('\\').trim_end().to_string();
        let mut end = start + line.trim_end().len();
        let mut continued = trimmed.ends_with('\\');
        while continued && i < lines.len() {
            let next = lines[i];
            offset += next.len();
            i += 1;
            let t = next.trim();
            if t.starts_with('#') || t.is_empty() {
                continue;
            }
            continued = t.ends_with('\\');
            joined.push(' ');
            joined.push_str(t.trim_end_matches('\\').trim_end());
            end = offset - next.len() + next.trim_end().len();
        }
        // Heredocs (`RUN <<EOF`) carry their body on the following lines.
        if let Some(pos) = joined.find("<<") {
            let marker = joined[pos + 2..]
                .trim_start_matches('-')
                .trim_matches(|c| c == '"' || c == '\'');
            let marker: String = marker
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !marker.is_empty() {
                while i < lines.len() {
                    let body = lines[i];
                    offset += body.len();
                    i += 1;
                    if body.trim() == marker {
                        break;
                    }
                }
            }
        }
        let (keyword, args) = match joined.split_once(char::is_whitespace) {
            Some((k, a)) => (k.to_ascii_uppercase(), a.trim().to_string()),
            None => (joined.to_ascii_uppercase(), String::new()),
        };
        if !keyword.chars().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let ins_start = start + (line.len() - line.trim_start().len());
        let instruction = Instruction {
            keyword,
            args,
            range: range(ins_start, end),
            raw: text[ins_start..end.max(ins_start)].to_string(),
        };
        if instruction.keyword == "FROM" {
            let words: Vec<&str> = instruction
                .args
                .split_whitespace()
                .filter(|w| !w.starts_with("--"))
                .collect();
            let name = match words.as_slice() {
                [_, as_, name, ..] if as_.eq_ignore_ascii_case("as") => Some(name.to_string()),
                _ => None,
            };
            df.stages.push(Stage {
                from: words.first().map(|s| s.to_string()).unwrap_or_default(),
                name,
                instructions: vec![instruction],
            });
        } else if let Some(stage) = df.stages.last_mut() {
            stage.instructions.push(instruction);
        } else {
            df.preamble.push(instruction);
        }
    }
    df
}

impl Dockerfile {
    /// The stage the image is built from: the last one.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The final stage and the stages it is built `FROM`, innermost last
    /// (ENV and USER carry over from a parent stage).
    pub fn final_chain(&self) -> Vec<&Stage> {
        self.chain_for(None)
    }

    /// The stage `target` (`docker build --target`, compose `build.target`)
    /// and the stages it is built from, innermost last; the final stage's
    /// chain when `target` is `None` or names no stage.
    pub fn chain_for(&self, target: Option<&str>) -> Vec<&Stage> {
        let mut chain = Vec::new();
        let start = target.and_then(|t| {
            self.stages
                .iter()
                .find(|s| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(t)))
        });
        let mut current = start.or(self.stages.last());
        while let Some(stage) = current {
            if chain.iter().any(|s: &&Stage| std::ptr::eq(*s, stage)) {
                break;
            }
            chain.push(stage);
            current = self.stages.iter().find(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&stage.from))
            });
        }
        chain.reverse();
        chain
    }
}

impl Instruction {
    /// ENV and ARG pairs: `ENV A=1 B="two words"`, the legacy `ENV A 1`,
    /// `ARG NAME` and `ARG NAME=default`.
    pub fn env_pairs(&self) -> Vec<EnvPair> {
        let words = shlex::split(&self.args)
            .unwrap_or_else(|| self.args.split_whitespace().map(str::to_string).collect());
        if words.is_empty() {
            return Vec::new();
        }
        if self.keyword == "ENV" && !words[0].contains('=') {
            return vec![EnvPair {
                name: words[0].clone(),
                value: Some(words[1..].join(" ")),
                range: self.range,
            }];
        }
        let mut search = 0usize;
        words
            .iter()
            .map(|w| {
                let (name, value) = match w.split_once('=') {
                    Some((k, v)) => (k.to_string(), Some(v.to_string())),
                    None => (w.clone(), None),
                };
                EnvPair {
                    range: self.word_range(&name, &mut search),
                    name,
                    value,
                }
            })
            .collect()
    }

    /// The range of the `NAME=value` word that starts with `name`, searched
    /// from `search` on in the raw text; the whole instruction if not found.
    fn word_range(&self, name: &str, search: &mut usize) -> TextRange {
        let raw = &self.raw;
        if name.is_empty() {
            return self.range;
        }
        let mut from = *search;
        while let Some(pos) = raw.get(from..).and_then(|r| r.find(name)) {
            let at = from + pos;
            let before_ok = at == 0 || raw[..at].ends_with(|c: char| c.is_whitespace());
            let after = &raw[at + name.len()..];
            if before_ok
                && (after.starts_with('=')
                    || after.is_empty()
                    || after.starts_with(char::is_whitespace))
            {
                // The value runs to the next unquoted whitespace.
                let mut end = at + name.len();
                let mut quote: Option<char> = None;
                for (i, c) in raw[end..].char_indices() {
                    match (quote, c) {
                        (None, '"' | '\'') => quote = Some(c),
                        (Some(q), c) if c == q => quote = None,
                        (None, c)
                            if c.is_whitespace()
                                || c == '\\' && raw[end + i + 1..].starts_with('\n') =>
                        {
                            end += i;
                            *search = end;
                            return self.within(at, end);
                        }
                        _ => {}
                    }
                }
                end = raw.len();
                *search = end;
                return self.within(at, end);
            }
            from = at + name.len();
        }
        self.range
    }

    /// A range given relative to the instruction's start, in the file.
    fn within(&self, start: usize, end: usize) -> TextRange {
        let r = range(start, end);
        TextRange::new(self.range.start() + r.start(), self.range.start() + r.end())
    }

    /// A CMD/ENTRYPOINT/RUN command as one shell line: the exec form's JSON
    /// array joined with shell quoting, the shell form as written.
    pub fn command_line(&self) -> String {
        let args = self.args.trim();
        if args.starts_with('[')
            && let Ok(words) = serde_json::from_str::<Vec<String>>(args)
        {
            return shlex::try_join(words.iter().map(String::as_str))
                .unwrap_or_else(|_| words.join(" "));
        }
        args.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_env_and_commands() {
        let text = "# syntax=docker/dockerfile:1\nARG PYTHON=3.12\nFROM python:${PYTHON}-slim AS build\nRUN pip install \\\n    -r requirements.txt\n\nFROM python:3.12-slim\nENV DJANGO_SETTINGS_MODULE=shop.settings.production \\\n    DEBUG=0\nENV LEGACY value with spaces\nUSER app\nCMD [\"gunicorn\", \"shop.wsgi\", \"--bind\", \"0.0.0.0:8000\"]\n";
        let df = parse(text);
        assert_eq!(df.preamble.len(), 1);
        assert_eq!(df.stages.len(), 2);
        assert_eq!(df.stages[0].name.as_deref(), Some("build"));
        let last = df.final_stage().unwrap();
        let env: Vec<(String, Option<String>)> = last
            .instructions
            .iter()
            .filter(|i| i.keyword == "ENV")
            .flat_map(|i| i.env_pairs())
            .map(|p| (p.name, p.value))
            .collect();
        assert_eq!(
            env,
            [
                (
                    "DJANGO_SETTINGS_MODULE".into(),
                    Some("shop.settings.production".into())
                ),
                ("DEBUG".into(), Some("0".into())),
                ("LEGACY".into(), Some("value with spaces".into()))
            ]
        );
        let cmd = last.instructions.last().unwrap();
        assert_eq!(cmd.command_line(), "gunicorn shop.wsgi --bind 0.0.0.0:8000");
        let env_instr = &last.instructions[1];
        assert_eq!(
            &text[env_instr.range],
            "ENV DJANGO_SETTINGS_MODULE=shop.settings.production \\\n    DEBUG=0"
        );
    }

    #[test]
    fn chain_follows_from() {
        let df = parse(
            "FROM python:3.12 AS base\nUSER app\nFROM base AS prod\nCMD gunicorn x\nFROM base AS dev\n",
        );
        assert_eq!(df.final_chain().len(), 2);
        let df = parse("FROM a AS a\nFROM a AS b\n");
        assert!(df.final_chain().len() <= 2);
    }

    #[test]
    fn empty_names_end() {
        // Found by the property tests: an empty name once looped forever.
        let df = parse("FROM x\nENV =x A=1\nARG =\n");
        let names: Vec<String> = df.stages[0]
            .instructions
            .iter()
            .skip(1)
            .flat_map(|i| i.env_pairs())
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["", "A", ""]);
    }

    #[test]
    fn heredocs_are_skipped() {
        let df = parse("FROM python\nRUN <<EOF\nUSER root\nEOF\nUSER app\n");
        let kws: Vec<&str> = df.stages[0]
            .instructions
            .iter()
            .map(|i| i.keyword.as_str())
            .collect();
        assert_eq!(kws, ["FROM", "RUN", "USER"]);
    }
}
