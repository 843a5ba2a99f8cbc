//! The server under test: `bench_server` spawned as a child, and its resident memory.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `bench_server`; dropping it kills the process.
pub(crate) struct BenchServer {
    child: Child,
    pid: u32,
    /// Where it listens.
    pub(crate) addr: SocketAddr,
}

/// `bench_server` next to this executable (both are built by `cargo build --release -p
/// live-benches --bins`).
fn server_binary() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let path = exe.with_file_name("bench_server");
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: build it with `cargo build --release -p live-benches --bins`",
            path.display()
        ))
    }
}

/// The dioxus-liveview peer's binary, `<target>/peers/release/dioxus_peer` (built by
/// `benches/peers/build.sh` next to this executable's `<target>/release`); `None` when it
/// was not built.
pub(crate) fn peer_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let target = exe.parent()?.parent()?;
    let path = target.join("peers").join("release").join("dioxus_peer");
    path.exists().then_some(path)
}

impl BenchServer {
    /// Starts `bench_server` on a free loopback port and waits (up to 10 s) for its address.
    /// `workers`: `TOKIO_WORKER_THREADS` for the server (`None`: one per core).
    /// The client message budget is lifted (`--message-budget`): a closed-loop client sends
    /// thousands of events per second, which the default budget (500/s) rightly cuts off;
    /// these scenarios measure the server, not its flood guard.
    pub(crate) async fn start(workers: Option<usize>) -> Result<BenchServer, String> {
        let args = ["--message-budget", "1000000"];
        BenchServer::start_binary(server_binary()?, &args, workers).await
    }

    /// [`BenchServer::start`] with the default message budget (the soak's flooders must meet
    /// it).
    pub(crate) async fn start_guarded(workers: Option<usize>) -> Result<BenchServer, String> {
        BenchServer::start_binary(server_binary()?, &[], workers).await
    }

    /// Starts the dioxus-liveview peer as [`BenchServer::start`] starts `bench_server` (it
    /// prints its address the same way).
    pub(crate) async fn start_peer(workers: Option<usize>) -> Result<BenchServer, String> {
        let binary = peer_binary().ok_or("the dioxus peer is not built: benches/peers/build.sh")?;
        BenchServer::start_binary(binary, &[], workers).await
    }

    /// Starts `binary` with `--addr 127.0.0.1:0` and `args` and waits (up to 10 s) for the
    /// line `listening on <addr>`.
    async fn start_binary(
        binary: PathBuf,
        args: &[&str],
        workers: Option<usize>,
    ) -> Result<BenchServer, String> {
        let name = binary
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let mut command = Command::new(&binary);
        command
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(workers) = workers {
            command.env("TOKIO_WORKER_THREADS", workers.to_string());
        }
        let mut child = command.spawn().map_err(|e| format!("spawn {name}: {e}"))?;
        let pid = child.id();
        let stdout = child.stdout.take().ok_or("bench_server stdout")?;
        // A thread reads its stdout: the first line to us, the rest drained so it never
        // blocks on a full pipe.
        let (line_tx, line_rx) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = line_tx.send(lines.next());
            for _ in lines {}
        });
        let first = match tokio::time::timeout(Duration::from_secs(10), line_rx).await {
            Ok(Ok(Some(Ok(line)))) => line,
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{name} did not print its address within 10 s"));
            }
        };
        let addr = first
            .strip_prefix("listening on ")
            .and_then(|a| a.parse().ok())
            .ok_or_else(|| format!("unexpected first line from {name}: {first}"))?;
        Ok(BenchServer { child, pid, addr })
    }

    /// The server's resident set in bytes (`VmRSS` of `/proc/<pid>/status`).
    pub(crate) fn rss(&self) -> u64 {
        proc_status_kib(self.pid, "VmRSS:") * 1024
    }

    /// The server's peak resident set in bytes (`VmHWM`).
    pub(crate) fn peak_rss(&self) -> u64 {
        proc_status_kib(self.pid, "VmHWM:") * 1024
    }

    /// The CPU time the server's threads have used so far (see [`cpu_ns`]).
    pub(crate) fn cpu_ns(&self) -> u64 {
        cpu_ns(&self.pid.to_string())
    }

    /// Open file descriptors of the server (entries of `/proc/<pid>/fd`).
    pub(crate) fn open_fds(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid)).map_or(0, |dir| dir.count())
    }

    /// Whether the process still runs.
    pub(crate) fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Kills the process and waits for it (again: a no-op).
    pub(crate) async fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Kills the process and waits for it.
    pub(crate) async fn stop(mut self) {
        self.kill().await;
    }
}

impl Drop for BenchServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The CPU time the threads of process `pid` (a number, or `self`) have used so far, in
/// nanoseconds: the first field of each `/proc/<pid>/task/<tid>/schedstat`. Threads that have
/// ended are not counted (the runtimes' workers live as long as their process).
pub(crate) fn cpu_ns(pid: &str) -> u64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .filter_map(Result::ok)
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|line| line.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

/// A `kB` line of `/proc/<pid>/status`, 0 when absent.
fn proc_status_kib(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix(key)
                    .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            })
        })
        .unwrap_or(0)
}

/// Bytes as MiB with one decimal.
pub(crate) fn mib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

/// The 1-minute load average of the machine, as `/proc/loadavg` gives it.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}
