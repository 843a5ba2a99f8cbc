//! Persisted views (`#[live(persist)]`) over real sockets, with the `wizard` example: the state
//! comes back on a rejoin with the same page (after a dropped socket, after a server restart
//! with a `FileStore`), never for another page, not after the view left, not from a snapshot
//! that no longer fits, not past the size limit; and typed events refuse bad input without
//! ending the view.

use std::path::PathBuf;

use live_server::Config;
use live_tests::{
    load_page, spawn_server_with, test_config, ChannelClient, LivePage, RestartableServer,
};
use serde_json::{json, Value};

/// A fresh snapshot directory for one test.
fn snapshot_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("live-persist-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The rendered tree of a join reply, as text (the wizard's step and answers are in it).
fn rendered(reply: &Value) -> String {
    assert_eq!(reply[4]["status"], "ok", "join reply: {reply}");
    reply[4]["response"]["rendered"].to_string()
}

/// Joins `page` on a new socket; returns the client, the topic and the rendered tree.
async fn join(
    addr: std::net::SocketAddr,
    page: &LivePage,
) -> (ChannelClient, String, String, String) {
    let mut client = ChannelClient::connect_page(addr, page).await;
    let (join_ref, reply) = client.join_page(page, &format!("http://{addr}/")).await;
    let topic = format!("lv:{}", page.view_id);
    (client, topic, join_ref, rendered(&reply))
}

/// Pushes an event and returns its reply's payload.
async fn event(
    client: &mut ChannelClient,
    topic: &str,
    join_ref: &str,
    kind: &str,
    name: &str,
    value: Value,
) -> Value {
    let reference = client
        .push(
            Some(join_ref),
            topic,
            "event",
            json!({"type": kind, "event": name, "value": value}),
        )
        .await;
    client.reply_to(&reference).await[4].clone()
}

/// Fills in steps 1 and 2 of the wizard: name `Ada`, plan `pro`; the view is at step 3.
async fn fill(client: &mut ChannelClient, topic: &str, join_ref: &str) {
    let reply = event(
        client,
        topic,
        join_ref,
        "form",
        "save_name",
        json!("name=Ada"),
    )
    .await;
    assert_eq!(reply["status"], "ok", "{reply}");
    let reply = event(
        client,
        topic,
        join_ref,
        "click",
        "choose_plan",
        json!({"plan": "pro"}),
    )
    .await;
    assert_eq!(reply["status"], "ok", "{reply}");
    assert!(
        reply.to_string().contains("plan "),
        "step 3 shows the summary: {reply}"
    );
}

fn at_step_3(rendered: &str) -> bool {
    rendered.contains("Ada") && rendered.contains("\"3\"")
}

#[tokio::test]
async fn state_comes_back_on_a_rejoin_of_the_same_page_only() {
    let addr = spawn_server_with(wizard::router(), test_config()).await;
    let page = load_page(addr, "/").await;
    let (mut client, topic, join_ref, first) = join(addr, &page).await;
    assert!(!at_step_3(&first));
    fill(&mut client, &topic, &join_ref).await;
    drop(client); // the connection drops, as on a network change

    let (_client, _, _, again) = join(addr, &page).await;
    assert!(at_step_3(&again), "restored at step 3: {again}");

    let other = load_page(addr, "/").await;
    let (_other, _, _, fresh) = join(addr, &other).await;
    assert!(!fresh.contains("Ada"), "another page starts fresh: {fresh}");
}

#[tokio::test]
async fn state_survives_a_server_restart_with_a_file_store() {
    let dir = snapshot_dir("restart");
    let store_dir = dir.clone();
    let mut server = RestartableServer::start_with(wizard::router, move || {
        wizard::config(test_config(), &store_dir).expect("snapshot dir")
    })
    .await;
    let addr = server.addr();
    let page = load_page(addr, "/").await;
    let (mut client, topic, join_ref, _) = join(addr, &page).await;
    fill(&mut client, &topic, &join_ref).await;
    server.stop().await;
    server.restart().await;

    let (_client, _, _, again) = join(addr, &page).await;
    assert!(at_step_3(&again), "restored after the restart: {again}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_memory_store_does_not_survive_a_restart() {
    let mut server = RestartableServer::start_with(wizard::router, test_config).await;
    let addr = server.addr();
    let page = load_page(addr, "/").await;
    let (mut client, topic, join_ref, _) = join(addr, &page).await;
    fill(&mut client, &topic, &join_ref).await;
    server.stop().await;
    server.restart().await;
    let (_client, _, _, again) = join(addr, &page).await;
    assert!(
        !again.contains("Ada"),
        "a new process has an empty memory store: {again}"
    );
}

#[tokio::test]
async fn a_view_that_left_forgets_its_state() {
    let addr = spawn_server_with(wizard::router(), test_config()).await;
    let page = load_page(addr, "/").await;
    let (mut client, topic, join_ref, _) = join(addr, &page).await;
    fill(&mut client, &topic, &join_ref).await;
    let reference = client
        .push(Some(&join_ref), &topic, "phx_leave", json!({}))
        .await;
    client.reply_to(&reference).await;
    // The snapshot is removed as the view task ends, just after the leave's reply.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let (_client, _, _, again) = join(addr, &page).await;
    assert!(
        !again.contains("Ada"),
        "left for good: a fresh mount: {again}"
    );
}

#[tokio::test]
async fn a_snapshot_that_no_longer_fits_mounts_fresh() {
    let dir = snapshot_dir("stale");
    let addr = spawn_server_with(
        wizard::router(),
        wizard::config(test_config(), &dir).expect("snapshot dir"),
    )
    .await;
    let page = load_page(addr, "/").await;
    let (mut client, topic, join_ref, _) = join(addr, &page).await;
    fill(&mut client, &topic, &join_ref).await;
    drop(client);
    // As after a deploy that changed the struct: the stored state has another shape.
    let mut rewritten = 0;
    for entry in std::fs::read_dir(&dir).expect("snapshot dir").flatten() {
        std::fs::write(entry.path(), r#"{"page":2,"answers":[]}"#).expect("rewrite");
        rewritten += 1;
    }
    assert_eq!(rewritten, 1, "one snapshot for one view");
    let (mut client, topic, join_ref, again) = join(addr, &page).await;
    assert!(
        !again.contains("Ada") && again.contains("\"1\""),
        "fresh: {again}"
    );
    let reply = event(
        &mut client,
        &topic,
        &join_ref,
        "form",
        "save_name",
        json!("name=Bo"),
    )
    .await;
    assert_eq!(reply["status"], "ok", "the view runs: {reply}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_snapshot_over_the_limit_is_not_kept() {
    let config: Config = test_config().max_snapshot_bytes(16);
    let addr = spawn_server_with(wizard::router(), config).await;
    let page = load_page(addr, "/").await;
    let (mut client, topic, join_ref, _) = join(addr, &page).await;
    fill(&mut client, &topic, &join_ref).await;
    drop(client);
    let (_client, _, _, again) = join(addr, &page).await;
    assert!(!again.contains("Ada"), "too large to keep: fresh: {again}");
}

#[tokio::test]
async fn typed_events_refuse_unknown_names_and_bad_params_without_ending_the_view() {
    let addr = spawn_server_with(wizard::router(), test_config()).await;
    let page = load_page(addr, "/").await;
    let (mut client, topic, join_ref, _) = join(addr, &page).await;
    let reply = event(
        &mut client,
        &topic,
        &join_ref,
        "click",
        "sav_name",
        json!({}),
    )
    .await;
    assert_eq!(reply["status"], "error", "{reply}");
    assert!(
        reply.to_string().contains(r#"did you mean \"save_name\"?"#),
        "{reply}"
    );
    let reply = event(
        &mut client,
        &topic,
        &join_ref,
        "click",
        "choose_plan",
        json!({"plan": [1, 2]}),
    )
    .await;
    assert_eq!(reply["status"], "error", "{reply}");
    let long = "x".repeat(100_000);
    let reply = event(&mut client, &topic, &join_ref, "click", &long, json!({})).await;
    assert_eq!(reply["status"], "error");
    assert!(
        reply.to_string().len() < 1_000,
        "the error does not echo the whole name"
    );
    let reply = event(
        &mut client,
        &topic,
        &join_ref,
        "form",
        "save_name",
        json!("name=Ada"),
    )
    .await;
    assert_eq!(reply["status"], "ok", "the view lives on: {reply}");
    assert!(reply.to_string().contains("Ada"), "{reply}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_store_restores_the_view_on_another_node() {
    use live_server::persist::redis::RedisStore;
    let redis = live_tests::nodes::RedisServer::start();
    let node = |redis: &live_tests::nodes::RedisServer| {
        let store = RedisStore::connect(&redis.url(), std::time::Duration::from_secs(60))
            .expect("redis url");
        test_config().snapshot_store(store)
    };
    let a = spawn_server_with(wizard::router(), node(&redis)).await;
    let b = spawn_server_with(wizard::router(), node(&redis)).await;
    let page = load_page(a, "/").await;
    let (mut client, topic, join_ref, _) = join(a, &page).await;
    fill(&mut client, &topic, &join_ref).await;
    drop(client);
    // Writes reach Redis in the background: the failover node finds the snapshot shortly.
    let mut restored = String::new();
    for _ in 0..50 {
        let (_client, _, _, again) = join(b, &page).await;
        restored = again;
        if at_step_3(&restored) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(at_step_3(&restored), "restored on node b: {restored}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_store_that_is_down_means_fresh_mounts_not_stuck_joins() {
    use live_server::persist::redis::RedisStore;
    let port = live_tests::nodes::free_port(); // nothing listens there
    let store = RedisStore::connect(
        &format!("redis://127.0.0.1:{port}/"),
        std::time::Duration::from_secs(60),
    )
    .expect("redis url");
    let addr = spawn_server_with(wizard::router(), test_config().snapshot_store(store)).await;
    let page = load_page(addr, "/").await;
    let started = std::time::Instant::now();
    let (mut client, topic, join_ref, first) = join(addr, &page).await;
    assert!(first.contains("\"1\""), "fresh: {first}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    fill(&mut client, &topic, &join_ref).await; // saves queue up; events are not slowed
}
