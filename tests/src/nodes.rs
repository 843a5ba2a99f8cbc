//! Processes the multi-node tests start on loopback: a redis-server (own port, own temp dir,
//! stopped on drop) and an HAProxy in front of several live servers.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use live_server::pubsub::presence::PresenceConfig;
use live_server::pubsub::redis::RedisPubSub;
use live_server::{Presence, Server};
use tokio::sync::oneshot;

/// A free loopback port (bound then released; good enough for a test's own servers).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Waits until something accepts TCP connections on `addr` (at most `within`).
pub fn wait_listening(addr: SocketAddr, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(100)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// A temporary directory, removed on drop.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// A new empty directory under the system's temp dir.
    pub fn new(prefix: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("{prefix}-{}-{}", std::process::id(), free_port()));
        std::fs::create_dir_all(&path).expect("create a temp dir");
        TempDir(path)
    }

    /// Its path.
    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A redis-server on a free loopback port, no persistence, stopped on drop.
#[derive(Debug)]
pub struct RedisServer {
    port: u16,
    dir: TempDir,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts one and waits until it accepts connections.
    pub fn start() -> RedisServer {
        let mut redis = RedisServer {
            port: free_port(),
            dir: TempDir::new("live-redis"),
            child: None,
        };
        redis.restart();
        redis
    }

    /// Its loopback port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `redis://127.0.0.1:port/`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Kills it (SIGKILL: as if the machine went away).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port.
    pub fn restart(&mut self) {
        self.stop();
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string()])
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is installed (apt-get install redis-server)");
        self.child = Some(child);
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        assert!(
            wait_listening(addr, Duration::from_secs(10)),
            "redis-server did not start on {addr}"
        );
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// HAProxy on a free loopback port balancing over `backends` (round robin, WebSocket
/// tunnelled, a health check every 200 ms marking a server down after 2 failures), stopped on
/// drop.
#[derive(Debug)]
pub struct Haproxy {
    addr: SocketAddr,
    _dir: TempDir,
    child: Child,
}

/// The HAProxy binary (Debian's package installs it in /usr/sbin).
pub const HAPROXY: &str = "/usr/sbin/haproxy";

/// The HAProxy configuration of [`Haproxy`], also written by `examples/presence/run-cluster.sh`.
pub fn haproxy_config(port: u16, backends: &[SocketAddr]) -> String {
    let mut config = format!(
        "global\n  maxconn 4096\n\
         defaults\n  mode http\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\n  timeout tunnel 1h\n  option redispatch\n  retries 2\n\
         frontend live\n  bind 127.0.0.1:{port}\n  default_backend nodes\n\
         backend nodes\n  balance roundrobin\n  option httpchk GET /\n  default-server inter 200ms fall 2 rise 1\n"
    );
    for (i, backend) in backends.iter().enumerate() {
        config.push_str(&format!("  server node{i} {backend} check\n"));
    }
    config
}

impl Haproxy {
    /// Starts HAProxy in front of `backends` and waits until it listens.
    pub fn start(backends: &[SocketAddr]) -> Haproxy {
        let port = free_port();
        let dir = TempDir::new("live-haproxy");
        let config = dir.path().join("haproxy.cfg");
        std::fs::write(&config, haproxy_config(port, backends)).expect("write haproxy.cfg");
        let child = Command::new(HAPROXY)
            .arg("-f")
            .arg(&config)
            .arg("-db")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("haproxy is installed (apt-get install haproxy)");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        assert!(
            wait_listening(addr, Duration::from_secs(10)),
            "haproxy did not start"
        );
        Haproxy {
            addr,
            _dir: dir,
            child,
        }
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Haproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Fast presence timing for the tests: a dead node is gone within 100 + 500 ms.
pub const FAST: PresenceConfig = PresenceConfig {
    heartbeat: Duration::from_millis(100),
    node_timeout: Duration::from_millis(500),
};

/// A live server serving the `presence` example on its own Redis connection.
#[derive(Debug)]
pub struct PresenceNode {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its PubSub.
    pub pubsub: Arc<RedisPubSub>,
    /// Its presence.
    pub presence: Presence,
    /// Send to stop it gracefully.
    pub stop: Option<oneshot::Sender<()>>,
    /// The serving task.
    pub served: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl PresenceNode {
    /// Starts a node on a free loopback port, once subscribed to `redis`.
    pub async fn start(redis: &RedisServer) -> PresenceNode {
        let pubsub = RedisPubSub::connect(&redis.url()).expect("a valid Redis URL");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !pubsub.is_subscribed() {
            assert!(
                Instant::now() < deadline,
                "the node did not subscribe to Redis"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let presence = Presence::with_config(pubsub.clone(), FAST);
        let server = Server::with_pubsub(
            presence::router(presence.clone()),
            crate::test_config().shutdown_grace(Duration::from_secs(5)),
            pubsub.clone(),
        )
        .bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
        let addr = server.local_addr().expect("bound address");
        let (stop, stopped) = oneshot::channel::<()>();
        let served = tokio::spawn(server.serve_with_shutdown(async {
            let _ = stopped.await;
        }));
        PresenceNode {
            addr,
            pubsub,
            presence,
            stop: Some(stop),
            served,
        }
    }

    /// The keys online in the lobby, as this node sees them.
    pub fn online(&self) -> Vec<String> {
        self.presence
            .list(presence::PRESENCE_TOPIC)
            .into_keys()
            .collect()
    }
}

/// A node of the `presence` example in its own process (the `presence-node` binary of this
/// package), so a test can kill it for real: SIGKILL, with no shutdown and no goodbye on Redis.
/// Killed on drop.
#[derive(Debug)]
pub struct NodeProcess {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its PubSub node id (the `node` of its presences).
    pub node_id: String,
    process: crate::child_server::ChildServer,
}

impl NodeProcess {
    /// Starts `binary` (pass `env!("CARGO_BIN_EXE_presence-node")`) on `redis` and waits (at
    /// most 20 s) for the line saying where it listens.
    pub fn spawn(binary: &str, redis: &RedisServer) -> NodeProcess {
        let mut command = Command::new(binary);
        command.arg(redis.url()).stderr(Stdio::inherit());
        let process = crate::child_server::ChildServer::spawn(command, Duration::from_secs(20));
        // `listening on <addr> node <id>`
        let line = &process.first_line;
        let mut words = line.split_whitespace().skip(2);
        let addr = words
            .next()
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("presence-node printed {line:?}"));
        let node_id = words.nth(1).unwrap_or_default().to_owned();
        NodeProcess {
            addr,
            node_id,
            process,
        }
    }

    /// SIGKILL, then reaps the process.
    pub fn kill(&mut self) {
        self.process.kill();
    }
}
