//! The counter of the load benchmarks written with dioxus-liveview: the peer the load driver
//! measures next to `bench_server` (issue 17).
//!
//! ```text
//! benches/peers/build.sh
//! /work/main/target/peers/release/dioxus_peer [--addr 127.0.0.1:0]
//! ```
//!
//! Prints `listening on <addr>` on its first stdout line (as `bench_server` does), then serves
//! until its standard input closes or it is killed. The page is `GET /counter`, the socket
//! `/ws`; the driver's dioxus adapter clicks the `+` button.

use std::io::{Read, Write};

use axum::Router;
use dioxus::prelude::*;
use dioxus_liveview::LiveviewRouter;

/// The counter: a count with buttons to change it, as in `examples/counter`.
fn counter() -> Element {
    let mut count = use_signal(|| 0i64);
    rsx! {
        div { id: "counter",
            h1 { "Count: " span { id: "count", "{count}" } }
            button { id: "dec", onclick: move |_| count -= 1, "-" }
            button { id: "inc", onclick: move |_| count += 1, "+" }
        }
    }
}

/// `--addr <host:port>` from the command line, default `127.0.0.1:0`.
fn address() -> String {
    let mut args = std::env::args().skip(1);
    let mut addr = "127.0.0.1:0".to_owned();
    while let Some(arg) = args.next() {
        if arg == "--addr" {
            if let Some(value) = args.next() {
                addr = value;
            }
        }
    }
    addr
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = Router::new().with_app("/", counter);
    let listener = tokio::net::TcpListener::bind(address()).await?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on {}", listener.local_addr()?)?;
        out.flush()?;
    }
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
        served = axum::serve(listener, app.into_make_service()) => served,
        _ = stdin_closed => Ok(()),
    }
}
