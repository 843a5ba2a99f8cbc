//! Runs the contacts demo on 127.0.0.1 (port from `PORT`, default 4000; `PORT=0` picks a free
//! one), on the SQLite file `DATABASE_PATH` (default `contacts.db` in the current directory),
//! migrated at start-up.

use live_server::Config;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,live_server=debug".into()),
        )
        .init();
    let path = std::env::var("DATABASE_PATH").unwrap_or_else(|_| "contacts.db".to_owned());
    let db = contacts::Db::open(&path).map_err(std::io::Error::other)?;
    db.seed_if_empty().map_err(std::io::Error::other)?;
    let config = Config::from_env().title("Contacts · live");
    live_server::run_local("contacts", "/", contacts::router(db), config).await
}
