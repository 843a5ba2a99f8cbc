//! Builds the client bundle (the official `phoenix` + `phoenix_live_view` packages and our glue)
//! into `$OUT_DIR/live.js`, which the server embeds and serves at `/assets/live.js`.
//!
//! A fresh clone needs no manual npm step: when `client/node_modules` is missing this runs
//! `npm ci` first. Set `LIVE_CLIENT_BUNDLE=/path/to/live.js` to use a prebuilt bundle instead.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=LIVE_CLIENT_BUNDLE");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("live.js");
    if let Ok(prebuilt) = std::env::var("LIVE_CLIENT_BUNDLE") {
        println!("cargo:rerun-if-changed={prebuilt}");
        if let Err(err) = std::fs::copy(&prebuilt, &out) {
            fail(&format!(
                "LIVE_CLIENT_BUNDLE={prebuilt} could not be read: {err}"
            ));
        }
        return;
    }
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let client = manifest.join("..").join("client");
    for input in ["src", "build.mjs", "package.json", "package-lock.json"] {
        println!("cargo:rerun-if-changed={}", client.join(input).display());
    }
    if !client
        .join("node_modules")
        .join("phoenix_live_view")
        .exists()
    {
        run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&client),
            "npm ci",
        );
    }
    run(
        Command::new("node").arg(client.join("build.mjs")).arg(&out),
        "node client/build.mjs",
    );
}

fn run(command: &mut Command, what: &str) {
    match command.status() {
        Ok(status) if status.success() => {}
        Ok(status) => fail(&format!("`{what}` failed ({status}); see the output above")),
        Err(err) => fail(&format!(
            "could not run `{what}`: {err}. The client bundle needs Node.js (>= 20) and npm on PATH \
             (Debian: apt-get install -y nodejs npm), or set LIVE_CLIENT_BUNDLE to a prebuilt live.js"
        )),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("live-server build: {message}");
    std::process::exit(1);
}
