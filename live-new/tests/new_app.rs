//! The template end to end: in an application generated into a temporary directory, its own
//! CI script passes (`ci.sh`: rustfmt, clippy with warnings denied, and its LiveViewTest tests;
//! no browser); and again after `gen live` added a CRUD page to such an application.
//!
//! The application gets this workspace's `Cargo.lock` (the same versions, nothing to fetch:
//! `--offline`) and a target directory of its own under this workspace's, kept between runs
//! so that a second run only rebuilds the application. (Not the workspace's own target
//! directory: the cargo running this test may hold its lock.)

use std::path::PathBuf;
use std::process::Command;

/// This workspace's target directory: the test binary is `<target>/<profile>/deps/<name>`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .map(PathBuf::from)
        .expect("the test binary sits in <target>/<profile>/deps")
}

/// Creates the app `name` in a temporary directory, lets `change` alter it, runs its `ci.sh`;
/// returns the script's output.
fn ci_of_new_app(name: &str, change: impl FnOnce(&std::path::Path)) -> String {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("live-new sits in the workspace")
        .to_path_buf();
    let dir = std::env::temp_dir().join(format!("live-new-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let options = live_new::Options::new(name).dir(&dir);
    let files = live_new::generate(&options).expect("the app is generated");
    assert!(files.iter().any(|f| f.ends_with("tests/guestbook.rs")));
    let app = options.app_dir();
    std::fs::copy(workspace.join("Cargo.lock"), app.join("Cargo.lock")).expect("copy the lockfile");
    change(&app);

    let output = Command::new("bash")
        .arg("ci.sh")
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", target_dir().join("live-new-app"))
        .env("CARGO_NET_OFFLINE", "true")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "ci.sh in the new app failed:\n{stdout}\n{stderr}"
    );
    stdout
}

#[test]
fn a_new_app_passes_its_own_ci_script() {
    let stdout = ci_of_new_app("hello_live", |_| {});
    assert!(
        stdout.contains("test result: ok. 2 passed"),
        "the app's two tests ran: {stdout}"
    );
}

#[test]
fn a_generated_crud_page_passes_the_apps_ci_script() {
    let stdout = ci_of_new_app("crud_live", |app| {
        let spec = live_new::LiveSpec::parse(
            "BlogPosts",
            &[
                "title:string",
                "body:text",
                "views:integer",
                "published:boolean",
            ],
        )
        .expect("a valid spec");
        let written = live_new::gen_live(app, &spec).expect("the page is generated");
        assert!(written.iter().any(|f| f.ends_with("src/blog_posts.rs")));
        let lib = std::fs::read_to_string(app.join("src/lib.rs")).expect("lib.rs");
        assert!(
            lib.contains(r#".live::<blog_posts::Index>("/blog-posts/:id/edit")"#),
            "{lib}"
        );
        let again = live_new::gen_live(app, &spec);
        assert!(
            matches!(again, Err(live_new::Error::Exists(_))),
            "{again:?}"
        );
    });
    assert!(
        stdout.contains("test blog_posts_are_added_edited_and_deleted ... ok"),
        "the generated page's test ran: {stdout}"
    );
    assert!(
        stdout.contains("test result: ok. 2 passed"),
        "the guestbook's tests still pass: {stdout}"
    );
}
