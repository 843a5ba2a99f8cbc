//! Runs the signup demo on 127.0.0.1 (port from `PORT`, default 4000; `PORT=0` picks a free one).

use live_server::{Config, Server};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,live_server=debug".into()),
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
    let config = Config::from_env().title("Sign up · live");
    let server = Server::with_config(signup::router(), config)
        .bind(("127.0.0.1", port))
        .await?;
    println!("signup: listening on http://{}/", server.local_addr()?);
    server.serve().await
}
