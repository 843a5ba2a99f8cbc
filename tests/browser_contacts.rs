//! The contacts example (`examples/contacts`) in a real browser (Debian's Chromium driven by
//! playwright-core, the official client): its index is a `<.table>` over a stream, and a row
//! is inserted (the new-contact form in the modal, saved) and deleted (the row's Delete, then
//! the confirmation) through real clicks; the rows the browser keeps carry the stream's DOM
//! ids, the empty row shows only once the last contact is gone, and the database follows. The
//! driver is `tests/js/browser_contacts.mjs`; it prints PASS only on success.

use std::net::SocketAddr;

use contacts::Db;
use live_server::{Config, Server};
use live_tests::run_node;

async fn spawn(db: Db) -> SocketAddr {
    let config = Config::new("test secret: at least thirty-two bytes long!!");
    let server = Server::with_config(contacts::router(db), config)
        .bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = server.local_addr().expect("bound address");
    tokio::spawn(server.serve());
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_is_inserted_and_deleted_through_real_clicks() {
    let path = std::env::temp_dir().join(format!("browser-contacts-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let db = Db::open(&path).expect("the database opens and migrates");
    db.seed_if_empty().expect("seed");
    let addr = spawn(db).await;
    let url = format!("http://{addr}/");
    let output = tokio::task::spawn_blocking(move || {
        run_node("tests/js/browser_contacts.mjs", &[url.as_str()], "")
    })
    .await
    .expect("the driver ran");
    println!("{output}");
    assert!(output.contains("PASS"), "driver output: {output}");
    let check = Db::open(&path).expect("the database opens again");
    let names: Vec<String> = check
        .list()
        .expect("list")
        .into_iter()
        .map(|c| c.name)
        .collect();
    drop(check);
    let _ = std::fs::remove_file(&path);
    assert_eq!(names, Vec::<String>::new(), "every contact was deleted");
}
