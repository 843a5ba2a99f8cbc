//! Hostile clients over real sockets on 127.0.0.1: path traversal through encoded file paths,
//! descriptor exhaustion, stalled requests, forged origins and tokens, connection floods.
//! Every wait is bounded.

use std::path::PathBuf;

use live_server::Router;
use live_tests::{http_get, spawn_server};

/// A fresh directory tree under the system temp dir: `root/secret.txt` outside the served
/// `root/public/`, which holds `app.css`.
fn file_tree(name: &str) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("live-hostile-{name}-{}", std::process::id()));
    let public = root.join("public");
    std::fs::create_dir_all(&public).expect("temp dirs");
    std::fs::write(root.join("secret.txt"), "TOP SECRET").expect("write secret");
    std::fs::write(public.join("app.css"), "p{color:red}").expect("write css");
    (root, public)
}

#[tokio::test]
async fn encoded_traversal_never_leaves_the_files_directory() {
    let (root, public) = file_tree("files");
    let addr = spawn_server(Router::new().files("/static", &public)).await;
    let served = http_get(addr, "/static/app.css", None).await;
    assert_eq!(served.status, 200);
    assert_eq!(served.body, "p{color:red}");
    for path in [
        "/static/%2e%2e/secret.txt",
        "/static/%2E%2E/secret.txt",
        "/static/%2e./secret.txt",
        "/static/.%2E/secret.txt",
        "/static/%2e%2e%2fsecret.txt",
        "/static/%2E%2E%2Fsecret.txt",
        "/static/..%2fsecret.txt",
        "/static/..%5csecret.txt",
        "/static/%5c..%5csecret.txt",
        "/static/%252e%252e/secret.txt",
        "/static/%252e%252e%252fsecret.txt",
        "/static/x/%2e%2e/%2e%2e/secret.txt",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/%2e%2e/public/app.css",
    ] {
        let response = http_get(addr, path, None).await;
        assert_eq!(response.status, 404, "GET {path} answered {response:?}");
        assert!(
            !response.body.contains("TOP SECRET"),
            "GET {path} leaked the file"
        );
        assert!(
            !response.body.contains("root:"),
            "GET {path} leaked /etc/passwd"
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}
