//! `live-new`: creates a new live application, the way `mix phx.new` starts a Phoenix one.
//!
//! ```sh
//! cargo run -p live-new -- my_app             # creates ./my_app
//! cargo run -p live-new -- my_app --dir apps  # creates ./apps/my_app
//! cd my_app && cargo run                      # http://127.0.0.1:4000
//! ```
//!
//! The new application has a `Cargo.toml` depending on live (by path, on the checkout
//! `live-new` was built from, or `--live-path`), a `main` that starts the server, a router, a
//! layout with the flash notices, one view with a form validated as you type and a table, its
//! tests through `live_server::testing`, and `ci.sh` (fmt, clippy, tests; no browser).
//!
//! Inside the application, `live-new gen live Posts title:string body:text` adds a page to
//! list, add, edit and delete posts, with its test, wired into the router ([`gen_live`]).
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("live-new-doc-{}", std::process::id()));
//! let app = live_new::Options::new("guest_book").dir(&dir).live_path("/src/live");
//! let created = live_new::generate(&app)?;
//! assert!(created.iter().any(|path| path.ends_with("src/guestbook.rs")));
//! let manifest = std::fs::read_to_string(dir.join("guest_book/Cargo.toml"))?;
//! assert!(manifest.contains(r#"live-server = { path = "/src/live/live-server" }"#));
//! let main = std::fs::read_to_string(dir.join("guest_book/src/main.rs"))?;
//! assert!(main.contains("guest_book::router()") && main.contains(r#"const TITLE: &str = "Guest Book";"#));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), std::io::Error>(())
//! ```

mod gen_live;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

pub use gen_live::{gen_live, LiveSpec};

/// The files of a new application: where each goes, and its template.
const FILES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../template/Cargo.toml.tmpl")),
    (".gitignore", include_str!("../template/gitignore.tmpl")),
    ("README.md", include_str!("../template/README.md.tmpl")),
    ("ci.sh", include_str!("../template/ci.sh.tmpl")),
    ("src/main.rs", include_str!("../template/src/main.rs.tmpl")),
    ("src/lib.rs", include_str!("../template/src/lib.rs.tmpl")),
    (
        "src/layout.rs",
        include_str!("../template/src/layout.rs.tmpl"),
    ),
    (
        "src/guestbook.rs",
        include_str!("../template/src/guestbook.rs.tmpl"),
    ),
    (
        "tests/guestbook.rs",
        include_str!("../template/tests/guestbook.rs.tmpl"),
    ),
];

/// What to create: the application's name, the directory to create it in, and where live is.
///
/// ```
/// let options = live_new::Options::new("shop");
/// assert_eq!(options.app_dir(), std::path::Path::new("shop"));
/// ```
#[derive(Debug, Clone)]
pub struct Options {
    name: String,
    dir: PathBuf,
    live_path: PathBuf,
}

impl Options {
    /// An application named `name` (a package name: lowercase letters, digits, `_` and `-`,
    /// starting with a letter), created in the current directory, depending on the live
    /// checkout this crate was built from.
    pub fn new(name: impl Into<String>) -> Self {
        Options {
            name: name.into(),
            dir: PathBuf::from("."),
            live_path: Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .map_or_else(|| PathBuf::from(".."), Path::to_path_buf),
        }
    }

    /// Creates the application inside `dir` (default: the current directory).
    pub fn dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dir = dir.into();
        self
    }

    /// Depends on the live checkout at `path` (the directory holding `live-core/` and
    /// `live-server/`).
    pub fn live_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.live_path = path.into();
        self
    }

    /// The directory the application is created in: `dir/name`.
    pub fn app_dir(&self) -> PathBuf {
        if self.dir == Path::new(".") {
            PathBuf::from(&self.name)
        } else {
            self.dir.join(&self.name)
        }
    }
}

/// Why an application could not be created.
#[derive(Debug)]
pub enum Error {
    /// The name is not a valid package name.
    InvalidName(String),
    /// The application's directory already exists.
    Exists(PathBuf),
    /// Writing a file failed.
    Io(io::Error),
    /// `gen live` was given a name or fields it cannot use.
    InvalidSpec(String),
    /// `gen live` ran outside an application (no `Cargo.toml` or `src/lib.rs`).
    NotAnApp(PathBuf),
    /// `gen live` found no `Router::new()` and `live::<…>(…)` route in this `src/lib.rs`.
    Unwired(PathBuf),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidName(name) => write!(
                f,
                "{name:?} is not a package name: use lowercase letters, digits, `_` and `-`, starting with a letter"
            ),
            Error::Exists(dir) => write!(f, "{} already exists", dir.display()),
            Error::Io(err) => write!(f, "{err}"),
            Error::InvalidSpec(why) => write!(f, "{why}"),
            Error::NotAnApp(dir) => write!(
                f,
                "{} is not an application made by live-new (no Cargo.toml or src/lib.rs)",
                dir.display()
            ),
            Error::Unwired(lib) => write!(
                f,
                "{} has no `Router::new()` with a `live::<…>(…)` route to add the new routes after",
                lib.display()
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Self {
        Error::Io(err)
    }
}

impl From<Error> for io::Error {
    fn from(err: Error) -> Self {
        match err {
            Error::Io(err) => err,
            other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

/// Creates the application; returns the paths of the files written.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("live-new-twice-{}", std::process::id()));
/// live_new::generate(&live_new::Options::new("app").dir(&dir))?;
/// let again = live_new::generate(&live_new::Options::new("app").dir(&dir));
/// assert!(matches!(again, Err(live_new::Error::Exists(_))));
/// assert!(matches!(live_new::generate(&live_new::Options::new("No Good")), Err(live_new::Error::InvalidName(_))));
/// # std::fs::remove_dir_all(&dir).map_err(live_new::Error::Io)?;
/// # Ok::<(), live_new::Error>(())
/// ```
pub fn generate(options: &Options) -> Result<Vec<PathBuf>, Error> {
    if !valid_name(&options.name) {
        return Err(Error::InvalidName(options.name.clone()));
    }
    let root = options.app_dir();
    if root.exists() {
        return Err(Error::Exists(root));
    }
    let live_path = std::path::absolute(&options.live_path)?;
    let values = [
        ("{{name}}", options.name.clone()),
        ("{{crate_name}}", options.name.replace('-', "_")),
        ("{{title}}", title(&options.name)),
        (
            "{{live_path}}",
            live_path.to_string_lossy().replace('\\', "/"),
        ),
    ];
    let mut written = Vec::with_capacity(FILES.len());
    for (path, template) in FILES {
        let mut text = (*template).to_owned();
        for (key, value) in &values {
            text = text.replace(key, value);
        }
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, text)?;
        written.push(target);
    }
    make_executable(&root.join("ci.sh"))?;
    Ok(written)
}

/// A package name cargo accepts and that reads as a module: `my_app`, `shop-2`.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && name.len() <= 64
}

/// `my_app` → `My App`.
fn title(name: &str) -> String {
    name.split(['_', '-'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(unix)]
fn make_executable(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_titles() {
        assert!(valid_name("my_app") && valid_name("shop-2"));
        assert!(!valid_name("2shop") && !valid_name("My") && !valid_name("") && !valid_name("a b"));
        assert_eq!(title("my_app"), "My App");
        assert_eq!(title("shop-2"), "Shop 2");
    }
}
