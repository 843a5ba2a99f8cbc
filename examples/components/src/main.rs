//! Runs the LiveComponents demo on 127.0.0.1 (port from `PORT`, default 4000; `PORT=0` picks a free one).

use live_server::Config;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,live_server=debug".into()),
        )
        .init();
    let config = Config::from_env().title("LiveComponents · live");
    live_server::run_local("components", "/", components::router(), config).await
}
