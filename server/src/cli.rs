use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use app::model::Role;

use crate::{
    admin,
    config::{DatabaseConfig, ServeConfig},
    db::Db,
    keys::KeyRing,
    seed,
    startup::Application,
    telemetry,
};

/// Anma (案码): transparent administrative enforcement, one case, one code.
#[derive(Debug, Parser)]
#[command(name = "anma", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseConfig,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the app (the default). Applies pending migrations first.
    Serve(ServeConfig),
    /// Apply pending migrations and load the region reference data, then exit.
    Migrate,
    /// Compact the disclosure search index into one segment and refresh the planner's
    /// statistics (SQLite; PostgreSQL keeps its own). Searches read fewer pages after it.
    /// Writes wait while it runs (about 15 s at 1,000,000 decisions): run it after a bulk
    /// import, or monthly at a quiet hour.
    Optimize,
    /// Add data to the database. Safe to run again: existing rows are kept.
    Seed {
        /// Demo departments at province, city, district and township level.
        #[arg(long)]
        demo: bool,
        /// Only when the database holds no departments yet (first run).
        #[arg(long)]
        if_empty: bool,
        /// Benchmark data: this many issued, signed and published decisions (with the
        /// demo data first when the catalog is empty).
        #[arg(long, value_name = "N")]
        synthetic: Option<u64>,
        /// With --synthetic: how many departments to add.
        #[arg(long, default_value_t = 3000)]
        departments: u64,
        /// With --synthetic: how many published claims to spread over them.
        #[arg(long, default_value_t = 50_000)]
        claims: u64,
    },
    /// Manage workspace accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage enforcement departments.
    #[command(subcommand)]
    Department(DepartmentCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Manage the signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// The sums behind the public statistics.
    #[command(subcommand)]
    Stats(StatsCommand),
    /// The working calendar (official holidays and adjusted working days).
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// API tokens of departments' case-handling systems.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Write a consistent backup while servers run: the database (SQLite's VACUUM INTO,
    /// or pg_dump in custom format), the keys directory and a manifest with checksums.
    Backup {
        /// A new (or empty) directory.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Restore a backup into an empty data directory or database, after checking every
    /// file against its manifest; then run `anma audit verify`.
    Restore {
        /// The backup's directory.
        #[arg(long)]
        from: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for a department's system; prints the token alone on standard
    /// output (it is shown only this once).
    Add {
        /// The department: its id or its unified social credit code.
        #[arg(long)]
        department: String,
        /// The system it is for; its writes are audited under this name.
        #[arg(long)]
        name: String,
        /// Comma-separated: decisions:read, decisions:write, officers:write.
        #[arg(long, value_delimiter = ',', value_parser = parse_scope)]
        scopes: Vec<app::model::TokenScope>,
        /// The last day it works (YYYY-MM-DD, China time; default a year from today).
        #[arg(long)]
        expires: Option<String>,
    },
    /// List every token (never their secrets).
    List,
    /// Revoke a token by its id: it stops working at once.
    Revoke { id: i64 },
}

fn parse_scope(s: &str) -> Result<app::model::TokenScope, String> {
    app::model::TokenScope::parse(s.trim()).ok_or_else(|| {
        format!("unknown scope {s:?}: use decisions:read, decisions:write or officers:write")
    })
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Load a year of the State Council's holiday notice from a CSV file with the header
    /// `date,working,note` (or `日期,是否上班,说明`), one line per holiday or adjusted
    /// working day, e.g. `2027-01-01,否,元旦`. Nothing is loaded while a line has a problem.
    Import {
        /// The CSV file.
        file: std::path::PathBuf,
    },
    /// Which years are loaded, and which of this year and the next are missing.
    Status,
}

#[derive(Debug, Subcommand)]
pub enum StatsCommand {
    /// Compare the sums with a count of the decisions themselves, for the province and
    /// each year; exits with status 1 when they differ.
    Check,
    /// Recompute the sums from the decisions, in one transaction (after restoring part of
    /// a database by hand, say).
    Rebuild,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// List the keys, newest (signing) first.
    List,
    /// Add a new signing key, registered in the database; older ones stay published for
    /// verification. Copy its file to the other servers' keys directories.
    Rotate,
    /// Retire a key: it signs nothing new and stays published for what it signed.
    Retire {
        /// The key's id (`anma keys list`).
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account, e.g. the first admin. The password is read from standard input
    /// when it is not a terminal, else asked for twice without echo; it is never logged.
    Add {
        #[arg(long)]
        username: String,
        /// The name shown in the workspace and the audit log.
        #[arg(long)]
        display_name: String,
        /// The department: its id or its unified social credit code.
        #[arg(long)]
        department: String,
        /// clerk, reviewer, admin or auditor.
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
}

#[derive(Debug, Subcommand)]
pub enum DepartmentCommand {
    /// Register a department, e.g. the justice department that administers Anma.
    Add {
        #[arg(long)]
        name: String,
        /// Unified social credit code (GB 32100-2015).
        #[arg(long)]
        uscc: String,
        /// GB/T 2260 region code, e.g. 440000.
        #[arg(long)]
        region: String,
        /// province, city, county or township.
        #[arg(long)]
        level: String,
        /// justice, market_regulation, ecology, transport, emergency, urban_management, …
        #[arg(long)]
        kind: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain and check it against every signed checkpoint. Exits
    /// non-zero naming the first entry that does not match (a changed, deleted or inserted
    /// row, or a history rewritten since a checkpoint).
    Verify {
        /// Also check against checkpoints kept outside the database: a copy of
        /// `/api/v1/audit/checkpoints` saved earlier (its JSON answer, or a JSON array).
        #[arg(long, value_name = "FILE")]
        checkpoints: Option<std::path::PathBuf>,
    },
    /// Sign the chain's current head as a checkpoint now (the server also does so daily).
    Checkpoint,
}

/// Checkpoints saved from `/api/v1/audit/checkpoints`: the answer as served
/// (`{"items": […]}`) or the bare array.
fn kept_checkpoints(path: &std::path::Path) -> anyhow::Result<Vec<app::model::AuditCheckpoint>> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Saved {
        Page {
            items: Vec<app::model::AuditCheckpoint>,
        },
        List(Vec<app::model::AuditCheckpoint>),
    }
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let saved: Saved = serde_json::from_slice(&text).with_context(|| {
        format!(
            "{} does not hold audit checkpoints as /api/v1/audit/checkpoints serves them",
            path.display()
        )
    })?;
    Ok(match saved {
        Saved::Page { items } | Saved::List(items) => items,
    })
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s)
        .ok_or_else(|| format!("unknown role {s:?}: use clerk, reviewer, admin or auditor"))
}

/// Parses the command line and runs the command; the process exit code says whether it
/// succeeded.
pub async fn main() -> ExitCode {
    telemetry::init();
    let mut cli = Cli::parse();
    if cli.command.is_none() {
        // `anma` alone, or with global flags only, serves.
        let mut args: Vec<_> = std::env::args_os().collect();
        args.push("serve".into());
        cli = Cli::parse_from(args);
    }
    let Some(command) = cli.command else {
        return ExitCode::FAILURE;
    };
    match run(&cli.database, command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("anma: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(database: &DatabaseConfig, command: Command) -> anyhow::Result<()> {
    // Restoring needs the target empty: before anything opens (and migrates) it.
    if let Command::Restore { from } = &command {
        let m = crate::backup::restore(database, from).await?;
        println!(
            "restored the backup of {} ({}, migration {}, {} files); run anma audit verify",
            m.created_at,
            m.backend,
            m.migration_version,
            m.files.len()
        );
        return Ok(());
    }
    let db = Db::open(database).await?;
    match command {
        Command::Serve(config) => {
            let keys = KeyRing::open(&database.keys_dir(), &db).await?;
            let app = Application::build(&config, db, keys).await?;
            println!("Anma is serving at http://{}/", app.local_addr());
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            println!("database is at migration {}", db.migration_version().await?);
        }
        Command::Optimize => {
            let started = std::time::Instant::now();
            db.compact_search_index().await?;
            db.optimize().await?;
            println!(
                "search index compacted and statistics refreshed in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
        Command::Seed {
            synthetic: Some(decisions),
            departments,
            claims,
            ..
        } => {
            let keys = KeyRing::open(&database.keys_dir(), &db).await?;
            if crate::db::catalog::count(&db).await? == 0 {
                println!("{}", seed::demo(&db, &keys).await?);
            }
            let plan = seed::synthetic::Plan {
                decisions,
                departments,
                claims,
            };
            println!("{}", seed::synthetic::run(&db, &keys, plan).await?);
        }
        Command::Seed {
            demo: true,
            if_empty,
            ..
        } => {
            if if_empty && crate::db::departments::count(&db).await? > 0 {
                println!("demo data: skipped, the database already holds departments");
            } else {
                let report =
                    seed::demo(&db, &KeyRing::open(&database.keys_dir(), &db).await?).await?;
                println!("{report}");
            }
            // Codes differ per deployment: say where to try one.
            if let Some((code, signature)) = seed::demo_example(&db).await? {
                println!("try a demo decision in force: /v/{code}/{signature}");
                println!("  (with make run: http://127.0.0.1:8080/v/{code}/{signature})");
            }
            let keys = KeyRing::open(&database.keys_dir(), &db).await?;
            if let Some((code, signature, token)) = seed::demo_inspection(&db, &keys).await? {
                println!("try a demo inspection notice: /i/{code}/{signature}/{token}");
            }
        }
        Command::Seed { demo: false, .. } => {
            anyhow::bail!("nothing to seed: pass --demo or --synthetic N");
        }
        Command::User(UserCommand::Add {
            username,
            display_name,
            department,
            role,
        }) => {
            let password = read_new_password()?;
            let account =
                admin::add_user(&db, &username, &display_name, &department, role, &password)
                    .await?;
            println!(
                "created {} ({}) in {}",
                account.username,
                account.role.as_str(),
                account.department_name
            );
        }
        Command::Department(DepartmentCommand::Add {
            name,
            uscc,
            region,
            level,
            kind,
        }) => {
            let department =
                admin::add_department(&db, &name, &uscc, &region, &level, &kind).await?;
            println!(
                "created department {} ({}), id {}",
                department.name, department.uscc, department.id
            );
        }
        Command::Token(TokenCommand::Add {
            department,
            name,
            scopes,
            expires,
        }) => {
            let department_id = crate::admin::department_id(&db, &department).await?;
            let expires_on = match expires {
                Some(text) => app::model::Date::parse(text.trim())
                    .with_context(|| format!("--expires {text:?} is not a YYYY-MM-DD date"))?,
                None => db.clock().today().plus_days(365),
            };
            let created = crate::auth::tokens::create(
                &db,
                &crate::admin::operator(),
                department_id,
                &app::model::NewToken {
                    name,
                    scopes,
                    expires_on,
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.detail(app::model::Lang::En).message))?;
            eprintln!(
                "token {} for {} (until {}); it is shown only now:",
                created.token.id, created.token.department_name, created.token.expires_on
            );
            println!("{}", created.secret);
        }
        Command::Token(TokenCommand::List) => {
            for t in crate::db::tokens::list(&db, None).await? {
                let scopes: Vec<&str> = t.scopes.iter().map(|s| s.as_str()).collect();
                let state = match (t.revoked_at, t.last_used_at) {
                    (Some(at), _) => format!("revoked {at}"),
                    (None, Some(at)) => format!("last used {at}"),
                    (None, None) => "never used".into(),
                };
                println!(
                    "{}  {}  {}  {}  until {}  {}",
                    t.id,
                    t.department_name,
                    t.name,
                    scopes.join(","),
                    t.expires_on,
                    state
                );
            }
        }
        Command::Token(TokenCommand::Revoke { id }) => {
            let t = crate::auth::tokens::revoke(&db, &crate::admin::operator(), None, id)
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.detail(app::model::Lang::En).message))?;
            println!("revoked token {} ({}, {})", t.id, t.name, t.department_name);
        }
        Command::Backup { to } => {
            let m = crate::backup::backup(&db, database, &to).await?;
            let bytes: u64 = m.files.iter().map(|f| f.bytes).sum();
            println!(
                "backup in {}: {} database at migration {}, {} files, {bytes} bytes (manifest.json has their SHA-256)",
                to.display(),
                m.backend,
                m.migration_version,
                m.files.len()
            );
        }
        Command::Restore { .. } => unreachable!("restored before the database opens"),
        Command::Stats(StatsCommand::Check) => {
            let today = db.clock().today();
            let mut differ = 0;
            for year in std::iter::once(None).chain(
                crate::db::disclosures::years(&db)
                    .await?
                    .into_iter()
                    .map(Some),
            ) {
                let q = app::model::StatsQuery {
                    year,
                    ..Default::default()
                };
                let summed = crate::db::disclosures::stats(&db, &q, today).await?;
                let counted = crate::db::disclosures::recount(&db, &q, today).await?;
                let name = year.map_or("all years".to_owned(), |y| y.to_string());
                if summed == counted {
                    println!(
                        "{name}: the sums match ({} decisions listed)",
                        counted.total
                    );
                } else {
                    differ += 1;
                    println!(
                        "{name}: the sums differ from the decisions: run `anma stats rebuild`"
                    );
                }
            }
            if differ > 0 {
                std::process::exit(1);
            }
        }
        Command::Stats(StatsCommand::Rebuild) => {
            let rows = crate::db::disclosures::rebuild_sums(&db).await?;
            println!("statistics rebuilt: {rows} sums");
        }
        Command::Keys(KeysCommand::List) => {
            let ring = KeyRing::open(&database.keys_dir(), &db).await?;
            for key in ring.public_keys() {
                let mut marks = String::new();
                if key.current {
                    marks.push_str(" (signing)");
                }
                if key.retired_at.is_some() {
                    marks.push_str(" (retired)");
                }
                if !ring.holds_key(&key.id) {
                    marks.push_str(" (not held here)");
                }
                println!("{}  {}  {}{marks}", key.id, key.created_at, key.public_key);
            }
        }
        Command::Keys(KeysCommand::Rotate) => {
            let mut ring = KeyRing::open(&database.keys_dir(), &db).await?;
            let key = ring.rotate(&db).await?;
            println!(
                "new signing key {} (copy its file to the other servers' keys directories)",
                key.id
            );
        }
        Command::Keys(KeysCommand::Retire { id }) => {
            let ring = KeyRing::open(&database.keys_dir(), &db).await?;
            ring.retire(&db, &id).await?;
            println!("retired key {id}: it signs nothing new and stays published");
        }
        Command::Calendar(CalendarCommand::Import { file }) => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let report = crate::cases::disclosure::import_calendar(
                &db,
                &crate::admin::operator(),
                &bytes,
                app::model::Lang::En,
            )
            .await?;
            for p in &report.problems {
                eprintln!(
                    "line {}: {}: {}",
                    p.line, p.problem.field, p.problem.message
                );
            }
            anyhow::ensure!(
                report.imported,
                "{} lines have problems; nothing was loaded",
                report.problems.len()
            );
            println!(
                "calendar: loaded {} days for {}",
                report.rows,
                report
                    .years
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        Command::Calendar(CalendarCommand::Status) => {
            let c = crate::cases::disclosure::coverage(&db).await?;
            let built_in: Vec<String> = c.built_in.iter().map(i64::to_string).collect();
            println!("built in: {}", built_in.join(", "));
            for y in &c.loaded {
                println!(
                    "loaded: {} ({} days, by {} at {})",
                    y.year, y.days, y.loaded_by, y.loaded_at
                );
            }
            for y in &c.missing {
                println!("missing: {y} (deadlines in it are provisional until it is loaded)");
            }
        }
        Command::Audit(AuditCommand::Checkpoint) => {
            let keys = KeyRing::open(&database.keys_dir(), &db).await?;
            match crate::db::audit::checkpoint(&db, &keys).await? {
                Some(c) => println!(
                    "audit checkpoint: entry {} hash {} signed by key {} at {}",
                    c.seq, c.hash, c.key_id, c.at
                ),
                None => println!("audit checkpoint: the log is empty"),
            }
        }
        Command::Audit(AuditCommand::Verify { checkpoints }) => {
            let keys = KeyRing::open(&database.keys_dir(), &db).await?;
            let kept = match checkpoints {
                Some(path) => kept_checkpoints(&path)?,
                None => Vec::new(),
            };
            let report = crate::db::audit::verify(&db, &keys, &kept).await?;
            if report.ok {
                println!(
                    "audit log: {} entries, chain intact, {} signed checkpoints match",
                    report.entries, report.checkpoints
                );
            } else {
                anyhow::bail!(
                    "audit log: {}",
                    report.problem.unwrap_or_else(|| "chain broken".into())
                );
            }
        }
    }
    Ok(())
}

/// A new password from standard input (one line) or, on a terminal, typed twice unseen.
fn read_new_password() -> anyhow::Result<String> {
    use std::io::IsTerminal;
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Repeat password: ")?;
        anyhow::ensure!(first == second, "the passwords differ");
        first
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    Ok(password)
}
