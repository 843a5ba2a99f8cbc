//! Runs the wizard demo on 127.0.0.1 (port from `PORT`, default 4000; `PORT=0` picks a free one).
//!
//! Snapshots go to `WIZARD_SNAPSHOTS` (default: `live-wizard` in the temporary directory), so
//! stopping the server (Ctrl-C) and running it again brings every open page back to its step.

use live_server::Config;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,live_server=debug".into()),
        )
        .init();
    let dir = std::env::var_os("WIZARD_SNAPSHOTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("live-wizard"));
    let config = wizard::config(Config::from_env().title("Wizard · live"), &dir)?;
    live_server::run_local("wizard", "/", wizard::router(), config).await
}
