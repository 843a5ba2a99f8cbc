//! Runs the axum app on 127.0.0.1 (port from `PORT`, default 4000; `PORT=0` picks a free one):
//! the dashboard at `/`, the JSON API under `/api`, `/login?name=ada` to pick a user.

use std::sync::Arc;

use live_server::Config;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,live_server=debug,tower_http=debug".into()),
        )
        .init();
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port.parse().map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("PORT={port} is not a port number"),
            )
        })?,
        Err(_) => 4000,
    };
    let config = Config::from_env().title("Dashboard · live in axum");
    let app = axum_app::app(Arc::new(axum_app::AppState::default()), config);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("axum-app: listening on http://{}/", listener.local_addr()?);
    axum::serve(listener, app).await
}
