//! Several server nodes sharing one redis-server (started by the test on a loopback port):
//! cross-node broadcast, Redis going down and coming back, presence across nodes (join, leave,
//! a node dying), graceful shutdown.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use live_server::PubSub;
use live_tests::nodes::{NodeProcess, PresenceNode as Node, RedisServer};
use live_tests::{load_page, ChannelClient, Closed};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// Polls `condition` every 20 ms for at most 10 s.
async fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A browser tab on the lobby of `addr` as `name`.
struct Visitor {
    client: ChannelClient,
    topic: String,
    join_ref: String,
}

impl Visitor {
    async fn join(addr: SocketAddr, name: &str) -> Visitor {
        let path = format!("/?name={name}");
        let page = load_page(addr, &path).await;
        let mut client = ChannelClient::connect_page(addr, &page).await;
        let (join_ref, reply) = client
            .join_page(&page, &format!("http://{addr}{path}"))
            .await;
        assert_eq!(reply[4]["status"], "ok", "{reply}");
        Visitor {
            client,
            topic: format!("lv:{}", page.view_id),
            join_ref,
        }
    }

    async fn say(&mut self, text: &str) {
        let value = format!("text={text}");
        self.client
            .push(
                Some(&self.join_ref),
                &self.topic,
                "event",
                json!({"type": "form", "event": "say", "value": value}),
            )
            .await;
    }

    /// The first pushed diff whose JSON contains `needle` (other frames are skipped).
    async fn diff_containing(&mut self, needle: &str) -> Value {
        for _ in 0..100 {
            let frame = self.client.recv().await;
            if frame[3] == "diff" && frame[4].to_string().contains(needle) {
                return frame;
            }
        }
        panic!("no diff containing {needle:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broadcast_on_one_node_reaches_views_on_the_other() {
    let redis = RedisServer::start();
    let (a, b) = (Node::start(&redis).await, Node::start(&redis).await);
    assert_ne!(a.pubsub.node_id(), b.pubsub.node_id());
    let mut ada = Visitor::join(a.addr, "ada").await;
    let mut bob = Visitor::join(b.addr, "bob").await;

    ada.say("hello+from+A").await;
    let diff = bob.diff_containing("hello from A").await;
    assert_eq!(diff[2], bob.topic.as_str());
    // The sender's own view gets it locally.
    ada.diff_containing("hello from A").await;

    bob.say("hi+from+B").await;
    ada.diff_containing("hi from B").await;
    assert_eq!(a.pubsub.dropped(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_publications_are_dropped_and_the_views_keep_chatting() {
    let redis = RedisServer::start();
    let (a, b) = (Node::start(&redis).await, Node::start(&redis).await);
    let mut ada = Visitor::join(a.addr, "ada").await;
    let mut bob = Visitor::join(b.addr, "bob").await;

    // Bytes on the Redis channel that are no envelope of ours (another program, a bad actor).
    let published = std::process::Command::new("redis-cli")
        .args(["-p", &redis.port().to_string(), "PUBLISH"])
        .arg(live_server::pubsub::redis::DEFAULT_CHANNEL)
        .arg("not an envelope {")
        .output()
        .expect("redis-cli is installed with redis-server");
    assert!(published.status.success(), "{published:?}");
    // A well-formed envelope whose payload is not a chat line: the views' `Line` decode fails.
    let stranger =
        live_server::pubsub::redis::RedisPubSub::connect(&redis.url()).expect("a valid Redis URL");
    wait_until("the stranger subscribes", || stranger.is_subscribed()).await;
    stranger.broadcast(
        presence::CHAT_TOPIC,
        live_server::pubsub::Broadcast::new(vec![1u64, 2, 3]),
    );

    // Both views are alive and chat across nodes as before.
    ada.say("still+here").await;
    bob.diff_containing("still here").await;
    bob.say("me+too").await;
    ada.diff_containing("me too").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_keeps_local_broadcast_and_cross_node_delivery_resumes() {
    let mut redis = RedisServer::start();
    let (a, b) = (Node::start(&redis).await, Node::start(&redis).await);
    let mut ada = Visitor::join(a.addr, "ada").await;
    let mut amy = Visitor::join(a.addr, "amy").await;
    let mut bob = Visitor::join(b.addr, "bob").await;

    redis.stop();
    wait_until("node A notices Redis is gone", || !a.pubsub.is_subscribed()).await;
    // Local delivery does not need Redis.
    ada.say("while+down").await;
    amy.diff_containing("while down").await;

    redis.restart();
    wait_until("both nodes resubscribe", || {
        a.pubsub.is_subscribed() && b.pubsub.is_subscribed()
    })
    .await;
    // The publishing connection may still be reconnecting: repeat until a line gets across.
    let mut delivered = false;
    for attempt in 0..20 {
        ada.say(&format!("back+{attempt}")).await;
        let got =
            tokio::time::timeout(Duration::from_millis(500), bob.diff_containing("back ")).await;
        if let Ok(diff) = got {
            assert!(!diff.to_string().contains("while down"), "{diff}");
            delivered = true;
            break;
        }
    }
    assert!(delivered, "cross-node delivery did not resume");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_joins_and_leaves_across_nodes_and_a_dead_node_is_forgotten() {
    let redis = RedisServer::start();
    let (a, b) = (Node::start(&redis).await, Node::start(&redis).await);
    let mut ada = Visitor::join(a.addr, "ada").await;
    let bob = Visitor::join(b.addr, "bob").await;

    // Both nodes list both; ada's view hears bob join (a pushed diff naming him).
    for node in [&a, &b] {
        wait_until("both are listed on every node", || {
            node.online() == ["ada", "bob"]
        })
        .await;
    }
    ada.diff_containing("bob").await;
    let meta = &a.presence.list(presence::PRESENCE_TOPIC)["bob"][0];
    assert_eq!(meta["node"], b.pubsub.node_id());

    // bob closes his tab: he leaves on both nodes.
    drop(bob);
    for node in [&a, &b] {
        wait_until("bob left everywhere", || node.online() == ["ada"]).await;
    }

    // A third node, in its own process, with a visitor on it; then the process is killed
    // (SIGKILL): no shutdown, no untrack, its heartbeats just stop.
    let mut c = NodeProcess::spawn(env!("CARGO_BIN_EXE_presence-node"), &redis);
    let cid = Visitor::join(c.addr, "cid").await;
    for node in [&a, &b] {
        wait_until("cid (on node C) is listed everywhere", || {
            node.online() == ["ada", "cid"]
        })
        .await;
    }
    assert_eq!(
        a.presence.list(presence::PRESENCE_TOPIC)["cid"][0]["node"],
        c.node_id.as_str()
    );
    wait_until("A hears node C's heartbeats", || {
        a.presence.peer_count() == 2
    })
    .await;
    c.kill();
    let died = Instant::now();
    wait_until("the dead node's presences are removed", || {
        a.online() == ["ada"] && b.online() == ["ada"]
    })
    .await;
    let took = died.elapsed();
    // Bound: node_timeout + heartbeat (600 ms), plus scheduling slack.
    assert!(took < Duration::from_millis(1500), "took {took:?}");
    assert!(
        took >= Duration::from_millis(300),
        "removed before any timeout: {took:?}"
    );
    drop(cid);
    assert_eq!(a.presence.peer_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_closes_with_1012_and_untracks_every_view_before_returning() {
    let redis = RedisServer::start();
    let (mut a, b) = (Node::start(&redis).await, Node::start(&redis).await);
    let mut ada = Visitor::join(a.addr, "ada").await;
    let _bob = Visitor::join(b.addr, "bob").await;
    for node in [&a, &b] {
        wait_until("both nodes list both", || node.online() == ["ada", "bob"]).await;
    }

    a.stop
        .take()
        .expect("running")
        .send(())
        .expect("server running");
    assert_eq!(ada.client.closed().await, Closed::Code(CloseCode::Restart));
    tokio::time::timeout(Duration::from_secs(5), &mut a.served)
        .await
        .expect("shutdown within the grace period")
        .expect("serve task")
        .expect("served");
    // The view ended before `serve_with_shutdown` returned: its presence is gone here, and
    // the other node heard the leave without waiting for a timeout.
    assert_eq!(a.online(), ["bob"]);
    wait_until("B dropped ada", || b.online() == ["bob"]).await;
    // A stopped node accepts nothing.
    assert!(tokio::net::TcpStream::connect(a.addr).await.is_err());
}
