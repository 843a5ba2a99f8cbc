//! Failover in a real browser: two nodes of the `presence` example, each its own process,
//! behind HAProxy (started by the test, health-checked), one redis-server. The browser types a
//! note, the node serving it is killed (SIGKILL: no shutdown, no close frame), the official
//! client reconnects through HAProxy to the other node, remounts from its signed session, and
//! form recovery restores the note.

use std::net::SocketAddr;
use std::sync::Arc;

use live_tests::nodes::{Haproxy, NodeProcess, RedisServer};
use live_tests::run_node;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Mutex;

/// Answers `GET /kill/{node id}` by killing that node's process (SIGKILL) and reaping it.
async fn spawn_kill_control(nodes: Vec<NodeProcess>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("bound address");
    let nodes = Arc::new(Mutex::new(nodes));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let nodes = nodes.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
                    let read = tokio::time::timeout(
                        std::time::Duration::from_secs(10),
                        stream.read(&mut buf),
                    );
                    match read.await {
                        Ok(Ok(n)) if n > 0 => head.extend_from_slice(&buf[..n]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let wanted = head
                    .strip_prefix("GET /kill/")
                    .and_then(|rest| rest.split(' ').next())
                    .unwrap_or("")
                    .to_owned();
                let mut nodes = nodes.lock().await;
                let body = match nodes.iter_mut().find(|n| n.node_id == wanted) {
                    Some(node) => {
                        node.kill();
                        "killed"
                    }
                    None => "unknown node",
                };
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_fails_over_to_the_other_node_with_its_half_typed_note() {
    let redis = RedisServer::start();
    let binary = env!("CARGO_BIN_EXE_presence-node");
    let (a, b) = (
        NodeProcess::spawn(binary, &redis),
        NodeProcess::spawn(binary, &redis),
    );
    let balancer = Haproxy::start(&[a.addr, b.addr]);
    let url = format!("http://{}/?name=ada", balancer.addr());
    let control = format!("http://{}", spawn_kill_control(vec![a, b]).await);
    let output = tokio::task::spawn_blocking(move || {
        run_node("tests/js/browser_failover.mjs", &[&url, &control], "")
    })
    .await
    .expect("driver thread");
    println!("{output}");
    assert!(output.contains("PASS browser_failover"), "{output}");
    drop(balancer);
}
