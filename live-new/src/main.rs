//! `live-new NAME [--dir DIR] [--live-path PATH]`: creates a new live application;
//! `live-new gen live PLURAL FIELD:TYPE… [--dir APP]`: adds a CRUD page to one.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: live-new NAME [--dir DIR] [--live-path PATH]
       live-new gen live PLURAL FIELD:TYPE... [--dir APP]

Creates the live application NAME in DIR/NAME (DIR: the current directory),
depending on the live checkout at PATH (default: the one live-new was built from).

`gen live` adds to the application in APP (default: the current directory) a page
listing, adding, editing and deleting PLURAL (CamelCase: Posts), with its test, and
wires it into src/lib.rs. TYPE is string, text, integer or boolean.
  live-new gen live Posts title:string body:text";

/// `gen live PLURAL FIELD:TYPE… [--dir APP]`.
fn gen_live(args: impl Iterator<Item = String>) -> ExitCode {
    let mut args = args.peekable();
    if args.next().as_deref() != Some("live") {
        eprintln!("live-new gen: only `gen live` exists\n\n{USAGE}");
        return ExitCode::FAILURE;
    }
    let mut app = PathBuf::from(".");
    let mut words = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dir" => match args.next() {
                Some(dir) => app = PathBuf::from(dir),
                None => {
                    eprintln!("--dir needs a directory\n\n{USAGE}");
                    return ExitCode::FAILURE;
                }
            },
            _ => words.push(arg),
        }
    }
    let Some((plural, fields)) = words.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let result = live_new::LiveSpec::parse(plural, fields)
        .and_then(|spec| live_new::gen_live(&app, &spec).map(|files| (spec, files)));
    match result {
        Ok((spec, files)) => {
            for file in &files {
                println!("  wrote {}", file.display());
            }
            println!(
                "\nThe page is at /{}; `cargo test` runs its test.",
                spec.module().replace('_', "-")
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("live-new: {err}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("gen") {
        args.next();
        return gen_live(args);
    }
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
