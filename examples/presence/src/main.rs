//! Runs the presence demo on 127.0.0.1 (port from `PORT`, default 4000). With `LIVE_REDIS_URL`
//! set, every node on that Redis shares the chat and the online list; `run-cluster.sh` starts
//! redis-server, two nodes and HAProxy.

use live_server::{Config, Presence};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let config = Config::from_env().title("Presence · live");
    let pubsub = live_server::pubsub_for(&config);
    let presence = Presence::new(pubsub.clone());
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(4000);
    let server =
        live_server::Server::with_pubsub(presence::router(presence.clone()), config, pubsub)
            .bind(("127.0.0.1", port))
            .await?;
    tracing::info!(
        "presence: node {} listening on http://{}/",
        presence.node_id(),
        server.local_addr()?
    );
    server
        .serve_with_shutdown(live_server::shutdown_signal())
        .await?;
    presence.leave_cluster();
    Ok(())
}
