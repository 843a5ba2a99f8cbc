//! The server the load driver measures: the bench apps on 127.0.0.1, one process.
//!
//! ```text
//! cargo build --release -p live-benches --bins
//! target/release/bench_server [--addr 127.0.0.1:0] [--message-budget N]
//! ```
//!
//! Prints `listening on <addr>` on its first stdout line, then serves until its standard input
//! closes (the driver that spawned it ended) or it is killed. Tokio's worker count is the
//! runtime's default (one per core); `TOKIO_WORKER_THREADS=<n>` overrides it.
//!
//! | path | view | what an event does |
//! | --- | --- | --- |
//! | `/counter` | the counter example | `inc` adds one: diff `{"0":"<count>"}` |
//! | `/table` | [`Table`]: 100 rows × 10 cells, keyed rows in a `LiveVec` | `bump` adds one to the next cell (row-major): one cell in the diff |
//! | `/firehose` | [`Firehose`]: a 1 ms timer replacing a 4 KiB text | none; the soak test's stalled readers join it and stop reading |

use std::io::{Read, Write};
use std::time::Duration;

use live_core::{
    html, Assigns, Event, LiveVec, LiveView, Params, Rendered, Session, Socket, ViewError,
};
use live_server::{Config, Router, Server};

/// Rows of the table app.
const ROWS: u32 = 100;
/// Cells per row of the table app.
const COLUMNS: usize = 10;
/// Bytes of text the firehose replaces on every tick.
const FIREHOSE_BYTES: usize = 4096;
/// The firehose's tick.
const FIREHOSE_TICK: Duration = Duration::from_millis(1);

/// One row of [`Table`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct TableRow {
    id: u32,
    cells: [u32; COLUMNS],
}

/// The table app: 100 keyed rows of 10 numbers; each `bump` event adds one to the next cell
/// in row-major order, so every diff holds exactly one changed cell.
#[derive(LiveView)]
struct Table {
    rows: LiveVec<TableRow>,
    bumps: usize,
}

impl LiveView for Table {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        let rows: Vec<TableRow> = (0..ROWS)
            .map(|id| TableRow {
                id,
                cells: [0; COLUMNS],
            })
            .collect();
        Ok(Table {
            rows: rows.into(),
            bumps: 0,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() == "bump" {
            let cell = assigns.bumps % (ROWS as usize * COLUMNS);
            assigns.update_rows(|rows| {
                rows.update(cell / COLUMNS, |row| row.cells[cell % COLUMNS] += 1);
            });
            assigns.update_bumps(|bumps| *bumps += 1);
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <table id="table">
                <tr :for={row in @rows.iter()} :key={row.id}>
                    <td>{row.cells[0]}</td><td>{row.cells[1]}</td><td>{row.cells[2]}</td><td>{row.cells[3]}</td><td>{row.cells[4]}</td>
                    <td>{row.cells[5]}</td><td>{row.cells[6]}</td><td>{row.cells[7]}</td><td>{row.cells[8]}</td><td>{row.cells[9]}</td>
                </tr>
            </table>
        }
    }
}

/// The timer's message of [`Firehose`].
#[derive(Debug, Clone, Copy)]
struct Tick;

/// A view that pushes a 4 KiB diff every millisecond once connected: what a client that stops
/// reading its socket leaves piling up in the server.
#[derive(LiveView)]
struct Firehose {
    ticks: u64,
    text: String,
}

impl LiveView for Firehose {
    type Info = Tick;

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        if socket.connected() {
            socket.send_interval(FIREHOSE_TICK, Tick);
        }
        Ok(Firehose {
            ticks: 0,
            text: filler(0),
        })
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        _: Tick,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let ticks = assigns.ticks + 1;
        assigns.set_ticks(ticks);
        assigns.set_text(filler(ticks));
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="firehose"><p>{@ticks}</p><pre>{@text}</pre></div>
        }
    }
}

/// 4 KiB of text that differs from one tick to the next.
fn filler(tick: u64) -> String {
    let letter = char::from(b'a' + (tick % 26) as u8);
    std::iter::repeat_n(letter, FIREHOSE_BYTES).collect()
}

/// The bench apps' routes.
fn router() -> Router {
    Router::new()
        .live::<counter::Counter>("/counter")
        .live::<Table>("/table")
        .live::<Firehose>("/firehose")
}

/// The command line: `--addr <host:port>` (default `127.0.0.1:0`, a free port) and
/// `--message-budget <messages per second>` (default: the library's).
fn arguments() -> Result<(String, Option<u32>), String> {
    const USAGE: &str = "usage: bench_server [--addr 127.0.0.1:0] [--message-budget N]";
    let mut args = std::env::args().skip(1);
    let mut addr = "127.0.0.1:0".to_owned();
    let mut budget = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => addr = args.next().ok_or("--addr needs a value")?,
            "--message-budget" => {
                let value = args.next().ok_or("--message-budget needs a value")?;
                budget = Some(value.parse().map_err(|_| format!("{value}: {USAGE}"))?);
            }
            other => return Err(format!("unknown argument {other}; {USAGE}")),
        }
    }
    Ok((addr, budget))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let (addr, budget) =
        arguments().map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let open_files = live_benches::limits::raise_open_files(1 << 20);
    // Every driver socket comes from 127.0.0.2..=33: the per-address limit (256 by default)
    // would cap the fleet at 8,192 sockets, the total (10,000) below the 19,500 the machine
    // holds.
    let config = Config::new("bench secret: public, for load tests on loopback only")
        .title("live bench")
        .max_connections_per_client(1 << 20)
        .max_connections(1 << 20);
    let config = match budget {
        Some(budget) => config.max_client_messages_per_second(budget),
        None => config,
    };
    let server = Server::with_config(router(), config).bind(addr).await?;
    let local = server.local_addr()?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on {local}")?;
        writeln!(out, "open files: {open_files:?}")?;
        out.flush()?;
    }
    // Serve until the driver closes our stdin (or dies): a plain thread blocks on it.
    let (closed, stdin_closed) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 64];
        let mut stdin = std::io::stdin().lock();
        while let Ok(n) = stdin.read(&mut buf) {
            if n == 0 {
                break;
            }
        }
        let _ = closed.send(());
    });
    tokio::select! {
        served = server.serve() => served,
        _ = stdin_closed => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use live_core::runtime::ViewRuntime;

    #[test]
    fn a_table_bump_changes_one_cell() {
        let mut view =
            ViewRuntime::<Table>::mount("t", &Params::default(), &Session::default(), None)
                .expect("the table mounts");
        let join = view.join_rendered();
        assert!(join.len() > 1000, "{join}");
        let bump = Event::new("click", "bump", serde_json::json!({}));
        view.handle_event(&bump).expect("bump");
        let first = view.render_diff().expect("a diff");
        assert!(first.contains("\"1\""), "{first}");
        view.handle_event(&bump).expect("bump");
        let second = view.render_diff().expect("a diff");
        assert!(second.len() < 100, "one cell only: {second}");
        assert_ne!(first, second);
    }

    #[test]
    fn the_filler_is_four_kib_and_changes() {
        assert_eq!(filler(0).len(), FIREHOSE_BYTES);
        assert_ne!(filler(0), filler(1));
    }
}
