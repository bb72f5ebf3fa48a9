//! REP005: no sign of database backups.

use super::app_installed;
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_python::V;
use golive_source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a project with a PostgreSQL or MySQL database when nothing
    /// in the repository backs it up: no file named for backups, no script,
    /// crontab, unit, compose or CI file that runs `pg_dump`,
    /// `pg_basebackup`, `mysqldump`, `mariadb-dump`, pgBackRest, WAL-G,
    /// Barman or `manage.py dbbackup`, and django-dbbackup not installed.
    /// This is information: backups are often run by the hosting platform
    /// (managed databases), which a repository cannot show.
    ///
    /// ## Why is this bad?
    /// A deleted table, a bad migration or a lost disk is only a bad day
    /// when there is a recent, restorable backup. The deployment reference
    /// lists scheduled backups before go-live.
    ///
    /// ## Example
    /// A project with `ENGINE: django.db.backends.postgresql` and no backup
    /// job anywhere.
    ///
    /// Use instead: a scheduled job (cron, a systemd timer, the platform's
    /// managed backups) and a restore that has been tried.
    /// ```shell
    /// pg_dump --format=custom --file=/backups/shop-$(date +%F).dump "$DATABASE_URL"
    /// ```
    ///
    /// ## References
    /// - [PostgreSQL: Backup and Restore](https://www.postgresql.org/docs/current/backup.html)
    /// - [django-dbbackup](https://django-dbbackup.readthedocs.io/)
    pub(crate) static BACKUP_MISSING = {
        code: "REP005",
        name: "backup-missing",
        severity: Info,
        django_id: None,
    };
}

/// Each is indexed by the workspace (`golive_infra::deployment::MENTION_WORDS`).
const TOOLS: &[&str] = &[
    "pg_dump",
    "pg_basebackup",
    "mysqldump",
    "mariadb-dump",
    "pgbackrest",
    "wal-g",
    "barman",
    "dbbackup",
];

pub(crate) fn check(ctx: &InfraContext) {
    let Some(settings) = ctx.settings else { return };
    let Some(dbs) = settings.get("DATABASES") else {
        return;
    };
    let V::Dict(dbs) = &dbs.value.v else { return };
    let server_db = dbs.borrow().entries.iter().any(|(_, cfg)| match &cfg.v {
        V::Dict(cfg) => cfg
            .borrow()
            .get_str("ENGINE")
            .and_then(|e| e.as_str())
            .is_some_and(|e| {
                ["postgresql", "postgis", "mysql"]
                    .iter()
                    .any(|k| e.contains(k))
            }),
        _ => false,
    });
    if !server_db || app_installed(ctx, "dbbackup") {
        return;
    }
    if ctx.deployment.files.iter().any(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().contains("backup"))
    }) {
        return;
    }
    if ctx.deployment.file_mentioning(TOOLS).is_some() {
        return;
    }
    let span = settings
        .get("DATABASES")
        .and_then(|s| s.origin.as_ref())
        .map(|o| o.stmt)
        .or(settings.module_file.map(Span::file_start));
    let Some(span) = span else { return };
    ctx.report(
        &BACKUP_MISSING,
        span,
        "nothing in the repository backs up this database (no pg_dump/mysqldump job, backup script or django-dbbackup)".into(),
        Some("schedule backups (or confirm the platform's managed backups) and test a restore".into()),
        Vec::new(),
    );
}
