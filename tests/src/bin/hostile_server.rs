//! A small live server for the hostile-client tests that need their own process (a lowered
//! descriptor limit, for instance): it binds 127.0.0.1 on a free port, prints
//! `listening on <addr>` on stdout and serves `GET /health` (`ok`) until it is killed.

use live_server::handler::Response;
use live_server::{Config, Router, Server};

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let router = Router::new().get("/health", |_| Response::text("ok"));
    let config = Config::new("hostile test secret: at least thirty-two bytes");
    let server = Server::with_config(router, config)
        .bind("127.0.0.1:0")
        .await?;
    println!("listening on {}", server.local_addr()?);
    server.serve().await?;
    println!("serve returned");
    Ok(())
}
