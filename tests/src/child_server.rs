//! A server the test runs in a child process (a binary of this package), so it can be given
//! its own limits or be killed for real: it announces itself on the first line of its stdout.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A child process that printed its first line; killed (SIGKILL) and reaped on drop.
#[derive(Debug)]
pub struct ChildServer {
    child: Option<Child>,
    /// The first line it printed (without the line end).
    pub first_line: String,
}

impl ChildServer {
    /// Spawns `command` with stdout piped and waits at most `within` for its first line.
    pub fn spawn(mut command: Command, within: Duration) -> ChildServer {
        use std::io::BufRead;
        let mut child = command
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {command:?}: {e}"));
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let Ok(line) = receiver.recv_timeout(within) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} printed nothing within {within:?}");
        };
        ChildServer {
            child: Some(child),
            first_line: line.trim_end().to_owned(),
        }
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|child| matches!(child.try_wait(), Ok(None)))
    }

    /// SIGKILL, then reaps the process.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        self.kill();
    }
}
