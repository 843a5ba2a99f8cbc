//! `live-new NAME [--dir DIR] [--live-path PATH]`: creates a new live application.

use std::process::ExitCode;

const USAGE: &str = "usage: live-new NAME [--dir DIR] [--live-path PATH]

Creates the live application NAME in DIR/NAME (DIR: the current directory),
depending on the live checkout at PATH (default: the one live-new was built from).";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut name = None;
    let mut dir = None;
    let mut live_path = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--dir" => dir = args.next(),
            "--live-path" => live_path = args.next(),
            _ if name.is_none() && !arg.starts_with('-') => name = Some(arg),
            _ => {
                eprintln!("unexpected argument {arg:?}\n\n{USAGE}");
                return ExitCode::FAILURE;
            }
        }
    }
    let Some(name) = name else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let mut options = live_new::Options::new(name);
    if let Some(dir) = dir {
        options = options.dir(dir);
    }
    if let Some(path) = live_path {
        options = options.live_path(path);
    }
    match live_new::generate(&options) {
        Ok(files) => {
            let root = options.app_dir();
            for file in &files {
                println!("  created {}", file.display());
            }
            println!(
                "\nYour application is ready:\n\n    cd {}\n    cargo run        # http://127.0.0.1:4000\n    ./ci.sh          # fmt, clippy, tests",
                root.display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("live-new: {err}");
            ExitCode::FAILURE
        }
    }
}
