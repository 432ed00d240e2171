use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::{
    config::{DatabaseConfig, ServeConfig},
    db::Db,
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
    /// Add data to the database. Safe to run again: existing rows are kept.
    Seed {
        /// Demo departments at province, city, district and township level.
        #[arg(long)]
        demo: bool,
        /// Only when the database holds no departments yet (first run).
        #[arg(long)]
        if_empty: bool,
    },
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
    let db = Db::open(database).await?;
    match command {
        Command::Serve(config) => {
            let app = Application::build(&config, db).await?;
            println!("Anma is serving at http://{}/", app.local_addr());
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            println!("database is at migration {}", db.migration_version().await?);
        }
        Command::Seed {
            demo: true,
            if_empty,
        } => {
            if if_empty && crate::db::departments::count(&db).await? > 0 {
                println!("demo data: skipped, the database already holds departments");
            } else {
                let report = seed::demo(&db).await?;
                println!("{report}");
            }
        }
        Command::Seed { demo: false, .. } => {
            anyhow::bail!("nothing to seed: pass --demo");
        }
    }
    Ok(())
}
