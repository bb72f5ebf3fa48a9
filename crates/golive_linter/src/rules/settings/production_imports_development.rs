//! DJS150: production settings that import development or local settings.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks, when the audited settings module is a production one (its
    /// name is `production`, `prod`, `live` or ends in `_production` /
    /// `_prod`), that nothing in its import chain imports a development,
    /// local or test settings module (`dev`, `development`, `local`,
    /// `local_settings`, `test`, `testing` …) that exists in the project.
    ///
    /// ## Why is this bad?
    /// A development module exists to loosen things: `DEBUG = True`,
    /// `ALLOWED_HOSTS = ["*"]`, the debug toolbar, a console email backend.
    /// Imported from production — often through `base.py`, or through a
    /// `try: from .local import *` that was meant for laptops but finds the
    /// committed file on the server — whatever it sets last wins, and the
    /// production module no longer says what production runs.
    ///
    /// A `try: from .local import * / except ImportError: pass` whose module
    /// does not exist in the repository is not reported.
    ///
    /// ## Example
    /// ```python
    /// # shop/settings/production.py
    /// from .base import *
    /// from .dev import *  # for the toolbar
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// # shop/settings/production.py
    /// from .base import *
    /// ```
    /// and keep development-only settings in `dev.py`, which imports `base`.
    ///
    /// ## References
    /// - [Django: Settings — designating the settings](https://docs.djangoproject.com/en/stable/topics/settings/#designating-the-settings)
    pub(crate) static PRODUCTION_IMPORTS_DEVELOPMENT = {
        code: "DJS150",
        name: "production-imports-development",
        severity: Warning,
        django_id: None,
    };
}

const PRODUCTION: &[&str] = &["production", "prod", "live"];
const DEVELOPMENT: &[&str] = &[
    "dev",
    "develop",
    "development",
    "local",
    "test",
    "tests",
    "testing",
    "debug",
];

/// The last component of a dotted module name, split on `_` (`local_settings`
/// → `local`, `settings`).
fn words(module: &str) -> impl Iterator<Item = &str> {
    module.rsplit('.').next().unwrap_or(module).split('_')
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !words(&ctx.scenario.module).any(|w| PRODUCTION.contains(&w)) {
        return Ok(());
    }
    for import in &ctx.scenario.imports {
        if import.module == ctx.scenario.module
            || !words(&import.module).any(|w| DEVELOPMENT.contains(&w))
        {
            continue;
        }
        let via = if import.importer == ctx.scenario.module {
            String::new()
        } else {
            format!(" (through `{}`)", import.importer)
        };
        ctx.report_at(
            &PRODUCTION_IMPORTS_DEVELOPMENT,
            import.span,
            format!("production settings `{}` import `{}`{via}: development settings override production ones", ctx.scenario.module, import.module),
            Some("remove the import; share settings through a base module that both import".into()),
            Some(import.module.clone()),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{DEVELOPMENT, PRODUCTION, words};

    #[test]
    fn module_names_are_split_into_words() {
        assert!(words("shop.settings.production").any(|w| PRODUCTION.contains(&w)));
        assert!(words("settings_prod").any(|w| PRODUCTION.contains(&w)));
        assert!(!words("shop.settings.base").any(|w| PRODUCTION.contains(&w)));
        assert!(words("shop.local_settings").any(|w| DEVELOPMENT.contains(&w)));
        assert!(!words("shop.settings.devices").any(|w| DEVELOPMENT.contains(&w)));
    }
}
