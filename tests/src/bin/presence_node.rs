//! One node of the `presence` example in its own process, for the multi-node tests that must
//! kill a node for real (SIGKILL: no shutdown, no untrack, no goodbye on Redis).
//!
//! `presence-node <redis url>` binds 127.0.0.1 on a free port, with the tests' secret and the
//! fast presence timing of [`live_tests::nodes::FAST`], prints one line
//! `listening on <addr> node <node id>` on stdout, then serves until it is killed.

use std::sync::Arc;

use live_server::pubsub::redis::RedisPubSub;
use live_server::{Presence, Server};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::io::Result<()> {
    let Some(url) = std::env::args().nth(1) else {
        eprintln!("usage: presence-node <redis url>");
        std::process::exit(2);
    };
    let pubsub: Arc<RedisPubSub> = match RedisPubSub::connect(&url) {
        Ok(pubsub) => pubsub,
        Err(error) => {
            eprintln!("presence-node: {error}");
            std::process::exit(2);
        }
    };
    // Announce only once subscribed, so a broadcast sent right after start is not missed.
    for _ in 0..500 {
        if pubsub.is_subscribed() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let presence = Presence::with_config(pubsub.clone(), live_tests::nodes::FAST);
    let server = Server::with_pubsub(
        presence::router(presence.clone()),
        live_tests::test_config(),
        pubsub,
    )
    .bind("127.0.0.1:0")
    .await?;
    println!(
        "listening on {} node {}",
        server.local_addr()?,
        presence.node_id()
    );
    server.serve().await
}
