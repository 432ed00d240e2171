//! The `anma` command: serve, migrate, seed.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::cli::main().await
}
