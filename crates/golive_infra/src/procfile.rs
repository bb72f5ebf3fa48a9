//! Procfiles (Heroku, Dokku, honcho): `type: command` per line.

use ruff_text_size::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcfileEntry {
    pub process_type: String,
    pub command: String,
    /// The whole line.
    pub range: TextRange,
}

pub fn parse(text: &str) -> Vec<ProcfileEntry> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((kind, command)) = trimmed.split_once(':') else {
            continue;
        };
        if !kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        out.push(ProcfileEntry {
            process_type: kind.to_string(),
            command: command.trim().to_string(),
            range: crate::text_range(start + lead, start + lead + trimmed.len()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn entries() {
        let e = super::parse(
            "# Heroku\nrelease: python manage.py migrate\nweb: gunicorn shop.wsgi --log-file -\n\nnot a line\n",
        );
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].process_type, "web");
        assert_eq!(e[1].command, "gunicorn shop.wsgi --log-file -");
    }
}
