//! Routing one request: `Router::find` (matchit underneath, plus splitting off the query and
//! normalizing the path; the params are read on demand) against `matchit::Router::at` alone
//! on the same table, the peer measured in the same run, over a table of 42 live routes
//! (literals, parameters, a glob). A third case adds building the owned `Params` a mount
//! receives (decoded path params, the query, the live action) to `find`.
//!
//! ```text
//! cargo bench -p live-benches --bench router -- --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::Router;

#[derive(LiveView)]
struct Page {}

impl LiveView for Page {
    type Info = ();
    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Page {})
    }
    fn render(_: &Assigns<Self>) -> Rendered {
        html! { <p></p> }
    }
}

/// The table: `(live path, matchit path)`.
fn table() -> Vec<(String, String)> {
    let mut routes = vec![
        ("/".to_owned(), "/".to_owned()),
        ("/files/*path".to_owned(), "/files/{*path}".to_owned()),
    ];
    for section in [
        "posts", "users", "orgs", "teams", "projects", "issues", "docs", "admin",
    ] {
        routes.push((format!("/{section}"), format!("/{section}")));
        routes.push((format!("/{section}/new"), format!("/{section}/new")));
        routes.push((format!("/{section}/:id"), format!("/{section}/{{id}}")));
        routes.push((
            format!("/{section}/:id/edit"),
            format!("/{section}/{{id}}/edit"),
        ));
        routes.push((
            format!("/{section}/:id/comments/:comment"),
            format!("/{section}/{{id}}/comments/{{comment}}"),
        ));
    }
    routes
}

const REQUESTS: [&str; 6] = [
    "/",
    "/posts/new",
    "/users/42/edit",
    "/admin/7/comments/99",
    "/files/a/b/c.txt",
    "/nowhere/at/all",
];

fn routing(c: &mut Criterion) {
    let routes = table();
    let mut router = Router::new();
    let mut peer = matchit::Router::new();
    for (index, (live, matchit_path)) in routes.iter().enumerate() {
        router = router.live::<Page>(live);
        peer.insert(matchit_path.as_str(), index)
            .expect("no conflicts");
    }
    for request in REQUESTS {
        assert_eq!(
            router.find(request).is_some(),
            peer.at(request).is_ok(),
            "{request}"
        );
    }
    c.bench_function("router/live find (6 requests)", |b| {
        b.iter(|| {
            for request in REQUESTS {
                black_box(router.find(black_box(request)));
            }
        })
    });
    c.bench_function("router/live find + params (6 requests)", |b| {
        b.iter(|| {
            for request in REQUESTS {
                black_box(router.find(black_box(request)).map(|found| found.params()));
            }
        })
    });
    c.bench_function("router/matchit at (6 requests, peer)", |b| {
        b.iter(|| {
            for request in REQUESTS {
                let found = peer.at(black_box(request)).ok();
                black_box(found.map(|m| (m.value, m.params.len())));
            }
        })
    });
}

criterion_group!(benches, routing);
criterion_main!(benches);
