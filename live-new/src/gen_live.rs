//! `live-new gen live Posts title:string body:text`: a CRUD page in an application made by
//! `live-new`, in the spirit of `mix phx.gen.live`.
//!
//! It writes `src/posts.rs` (the record, the form's rules, an in-memory store, and an `Index`
//! view: a `<.table>` over a stream, the form in a modal at `/posts/new` and
//! `/posts/:id/edit`, delete with a confirmation) and `tests/posts.rs` (LiveViewTest: add,
//! edit, delete), then wires both into `src/lib.rs`: the module, the store as the router's
//! state, and the three routes after the last `live::<…>(…)` route.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::Error;

const VIEW: &str = include_str!("../template/gen/live.rs.tmpl");
const TEST: &str = include_str!("../template/gen/live_test.rs.tmpl");

/// The type of a field, as written after its name (`title:string`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldType {
    /// `string`: a `String`, a text input.
    String,
    /// `text`: a `String`, a textarea.
    Text,
    /// `integer`: an `i64`, a number input.
    Integer,
    /// `boolean`: a `bool`, a checkbox (not required).
    Boolean,
}

impl FieldType {
    fn parse(name: &str) -> Option<FieldType> {
        match name {
            "string" => Some(FieldType::String),
            "text" => Some(FieldType::Text),
            "integer" => Some(FieldType::Integer),
            "boolean" => Some(FieldType::Boolean),
            _ => None,
        }
    }

    fn rust(self) -> &'static str {
        match self {
            FieldType::String | FieldType::Text => "String",
            FieldType::Integer => "i64",
            FieldType::Boolean => "bool",
        }
    }
}

/// What to generate: `Posts` with its fields.
///
/// ```
/// let spec = live_new::LiveSpec::parse("Posts", &["title:string", "body:text"])?;
/// assert_eq!((spec.module(), spec.singular()), ("posts".to_owned(), "Post".to_owned()));
/// assert!(live_new::LiveSpec::parse("Posts", &["title:money"]).is_err());
/// # Ok::<(), live_new::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct LiveSpec {
    plural: String,
    fields: Vec<(String, FieldType)>,
}

impl LiveSpec {
    /// `plural` is the name of the collection in CamelCase (`Posts`, `BlogPosts`); each field
    /// is `name:type` with a snake_case name and a type among `string`, `text`, `integer` and
    /// `boolean`.
    pub fn parse(plural: &str, fields: &[impl AsRef<str>]) -> Result<LiveSpec, Error> {
        let camel = plural
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
            && plural.chars().all(|c| c.is_ascii_alphanumeric())
            && plural.len() > 1
            && plural.len() <= 64;
        if !camel {
            return Err(Error::InvalidSpec(format!(
                "{plural:?}: name the collection in CamelCase, plural (`Posts`)"
            )));
        }
        let mut parsed: Vec<(String, FieldType)> = Vec::new();
        for field in fields {
            let field = field.as_ref();
            let (name, kind) = field.split_once(':').unwrap_or((field, ""));
            let Some(kind) = FieldType::parse(kind) else {
                return Err(Error::InvalidSpec(format!(
                    "{field:?}: write `name:type` with a type among string, text, integer, boolean"
                )));
            };
            let snake = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !matches!(
                    name,
                    "id" | "type" | "struct" | "fn" | "mod" | "self" | "use"
                );
            if !snake || parsed.iter().any(|(other, _)| other == name) {
                return Err(Error::InvalidSpec(format!(
                    "{field:?}: field names are distinct snake_case words other than `id` and Rust keywords"
                )));
            }
            parsed.push((name.to_owned(), kind));
        }
        if parsed.is_empty() {
            return Err(Error::InvalidSpec(
                "give at least one field: `title:string`".to_owned(),
            ));
        }
        Ok(LiveSpec {
            plural: plural.to_owned(),
            fields: parsed,
        })
    }

    /// The module and the path segment: `posts`, `blog_posts`.
    pub fn module(&self) -> String {
        snake_case(&self.plural)
    }

    /// The record's type: `Post` for `Posts`, `Category` for `Categories`.
    pub fn singular(&self) -> String {
        singular(&self.plural)
    }

    /// The values the templates use.
    fn values(&self, crate_name: &str) -> Vec<(&'static str, String)> {
        let module = self.module();
        let singular = self.singular();
        let singular_lower = snake_case(&singular);
        let spec = std::iter::once(self.plural.clone())
            .chain(self.fields.iter().map(|(name, kind)| {
                let kind = match kind {
                    FieldType::String => "string",
                    FieldType::Text => "text",
                    FieldType::Integer => "integer",
                    FieldType::Boolean => "boolean",
                };
                format!("{name}:{kind}")
            }))
            .collect::<Vec<_>>()
            .join(" ");
        let mut record_fields = String::new();
        let mut params_fields = String::new();
        let mut from_params = String::new();
        let mut with_values = String::new();
        let mut table_cols = String::new();
        let mut form_inputs = String::new();
        for (name, kind) in &self.fields {
            let label = label(name);
            let ty = kind.rust();
            let _ = writeln!(record_fields, "    /// {label}.\n    pub {name}: {ty},");
            let _ = writeln!(params_fields, "    /// {label}.\n    pub {name}: {ty},");
            let _ = writeln!(from_params, "            {name}: params.{name},");
            let value = match kind {
                FieldType::String | FieldType::Text => format!("row.{name}.clone()"),
                FieldType::Integer | FieldType::Boolean => format!("row.{name}.to_string()"),
            };
            let _ = write!(
                with_values,
                "\n            .with_value(\"{name}\", {value})"
            );
            let _ = writeln!(
                table_cols,
                "                    <:col label=\"{label}\" :let={{row}}>{{row.{name}}}</:col>"
            );
            let input_type = match kind {
                FieldType::String => "",
                FieldType::Text => " type=\"textarea\"",
                FieldType::Integer => " type=\"number\"",
                FieldType::Boolean => " type=\"checkbox\"",
            };
            let _ = writeln!(
                form_inputs,
                "                            <.input field={{@form.field(\"{name}\")}}{input_type} label=\"{label}\"/>"
            );
        }
        let required: Vec<String> = self
            .fields
            .iter()
            .filter(|(_, kind)| *kind != FieldType::Boolean)
            .map(|(name, _)| format!("\"{name}\""))
            .collect();
        let rules = if required.is_empty() {
            String::new()
        } else {
            format!("\n        .required(&[{}])", required.join(", "))
        };
        let blank_check = if required.is_empty() {
            String::new()
        } else {
            format!(
                "    // Nothing filled in: the required fields say so, and nothing is saved.\n    let html = view\n        .form(\"#{singular_lower}-form\", json!({{\"{singular_lower}\": {{}}}}))\n        .render_submit()?;\n    assert!(html.contains(\"can&#39;t be blank\"), \"{{html}}\");\n    assert!(!view.has_element(\"#{module}-1\"));\n"
            )
        };
        let (sample, sample_first) = self.sample("A");
        let (edited, edited_first) = self.sample("B");
        vec![
            ("{{crate_name}}", crate_name.to_owned()),
            ("{{plural}}", self.plural.clone()),
            ("{{plural_lower}}", module.replace('_', " ")),
            ("{{module}}", module.clone()),
            ("{{path}}", format!("/{}", module.replace('_', "-"))),
            ("{{singular}}", singular),
            ("{{singular_lower}}", singular_lower),
            ("{{spec}}", spec),
            ("{{record_fields}}", record_fields),
            ("{{params_fields}}", params_fields),
            ("{{from_params}}", from_params),
            ("{{with_values}}", with_values),
            ("{{rules}}", rules),
            ("{{empty_is_valid}}", required.is_empty().to_string()),
            ("{{table_cols}}", table_cols),
            ("{{form_inputs}}", form_inputs),
            ("{{blank_check}}", blank_check),
            ("{{sample}}", sample),
            ("{{sample_first}}", sample_first),
            ("{{edited}}", edited),
            ("{{edited_first}}", edited_first),
        ]
    }

    /// Form values for the test (`{"title": "Title A", …}`) and the first column's text.
    fn sample(&self, variant: &str) -> (String, String) {
        let mut first = None;
        let entries: Vec<String> = self
            .fields
            .iter()
            .map(|(name, kind)| {
                let value = match kind {
                    FieldType::String | FieldType::Text => format!("{} {variant}", label(name)),
                    FieldType::Integer => if variant == "A" { "42" } else { "7" }.to_owned(),
                    FieldType::Boolean => if variant == "A" { "true" } else { "false" }.to_owned(),
                };
                first.get_or_insert_with(|| value.clone());
                format!("\"{name}\": \"{value}\"")
            })
            .collect();
        (
            format!("{{{}}}", entries.join(", ")),
            first.unwrap_or_default(),
        )
    }
}

/// Writes the page and its test into the application at `app`, and wires them into its
/// `src/lib.rs`; returns the paths of the files written or changed.
///
/// ```no_run
/// let spec = live_new::LiveSpec::parse("Posts", &["title:string", "body:text"])?;
/// let changed = live_new::gen_live(std::path::Path::new("my_app"), &spec)?;
/// assert!(changed.iter().any(|path| path.ends_with("src/posts.rs")));
/// # Ok::<(), live_new::Error>(())
/// ```
pub fn gen_live(app: &Path, spec: &LiveSpec) -> Result<Vec<PathBuf>, Error> {
    let manifest = std::fs::read_to_string(app.join("Cargo.toml"))
        .map_err(|_| Error::NotAnApp(app.to_path_buf()))?;
    let lib_path = app.join("src/lib.rs");
    let lib = std::fs::read_to_string(&lib_path).map_err(|_| Error::NotAnApp(app.to_path_buf()))?;
    let crate_name = package_name(&manifest)
        .ok_or_else(|| Error::NotAnApp(app.to_path_buf()))?
        .replace('-', "_");
    let module = spec.module();
    let view_path = app.join(format!("src/{module}.rs"));
    let test_path = app.join(format!("tests/{module}.rs"));
    for path in [&view_path, &test_path] {
        if path.exists() {
            return Err(Error::Exists(path.clone()));
        }
    }
    let lib = wire(&lib, &module).ok_or_else(|| Error::Unwired(lib_path.clone()))?;
    let values = spec.values(&crate_name);
    let fill = |template: &str| {
        values
            .iter()
            .fold(template.to_owned(), |text, (key, value)| {
                text.replace(key, value)
            })
    };
    std::fs::create_dir_all(app.join("tests"))?;
    std::fs::write(&view_path, fill(VIEW))?;
    std::fs::write(&test_path, fill(TEST))?;
    std::fs::write(&lib_path, lib)?;
    // Best effort: the edits to lib.rs take the application's formatting.
    let _ = std::process::Command::new("cargo")
        .arg("fmt")
        .current_dir(app)
        .status();
    Ok(vec![view_path, test_path, lib_path])
}

/// `lib` with `pub mod {module};`, the store as the router's state and the three routes after
/// the last `live::<…>(…)` route; `None` when it has no such route or no `Router::new()`.
fn wire(lib: &str, module: &str) -> Option<String> {
    let path = format!("/{}", module.replace('_', "-"));
    let route_at = lib.rfind("live::<")?;
    let close = route_at + lib[route_at..].find(")")? + 1;
    let routes = format!(
        ".live::<{module}::Index>(\"{path}\").live::<{module}::Index>(\"{path}/new\").live::<{module}::Index>(\"{path}/:id/edit\")"
    );
    let mut out = format!("{}{routes}{}", &lib[..close], &lib[close..]);
    let router_at = out.find("Router::new()")? + "Router::new()".len();
    out.insert_str(router_at, &format!(".state({module}::Store::default())"));
    let module_line = format!("pub mod {module};\n");
    match out.rfind("\npub mod ") {
        Some(at) => {
            let end = at + 1 + out[at + 1..].find('\n')? + 1;
            out.insert_str(end, &module_line);
        }
        None => {
            let at = out.find("\nuse ").map_or(0, |at| at + 1);
            out.insert_str(at, &format!("{module_line}\n"));
        }
    }
    Some(out)
}

/// The `name` of the `[package]` of a manifest.
fn package_name(manifest: &str) -> Option<String> {
    manifest
        .lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix("name"))
        .and_then(|rest| rest.trim().strip_prefix('='))
        .map(|value| value.trim().trim_matches('"').to_owned())
}

/// `BlogPosts` → `blog_posts`.
fn snake_case(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `Posts` → `Post`, `Categories` → `Category`, `Boxes` → `Box`; a name without a plural
/// ending gets `Item` appended (`News` → `NewsItem` would be wrong; `Sheep` → `SheepItem`).
fn singular(plural: &str) -> String {
    if let Some(stem) = plural.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = ["sses", "xes", "ches", "shes"].iter().find_map(|end| {
        plural
            .strip_suffix(end)
            .map(|stem| (stem, &end[..end.len() - 2]))
    }) {
        format!("{}{}", stem.0, stem.1)
    } else if let Some(stem) = plural.strip_suffix('s').filter(|stem| !stem.ends_with('s')) {
        stem.to_owned()
    } else {
        format!("{plural}Item")
    }
}

/// `due_date` → `Due date`.
fn label(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(singular("Posts"), "Post");
        assert_eq!(singular("Categories"), "Category");
        assert_eq!(singular("Boxes"), "Box");
        assert_eq!(singular("Addresses"), "Address");
        assert_eq!(singular("Sheep"), "SheepItem");
        assert_eq!(snake_case("BlogPosts"), "blog_posts");
        assert_eq!(label("due_date"), "Due date");
    }

    #[test]
    fn specs_are_checked() {
        assert!(LiveSpec::parse("posts", &["title:string"]).is_err());
        assert!(LiveSpec::parse("Posts", &["Title:string"]).is_err());
        assert!(LiveSpec::parse("Posts", &["id:integer"]).is_err());
        assert!(LiveSpec::parse("Posts", &["a:string", "a:text"]).is_err());
        assert!(LiveSpec::parse("Posts", &["title"]).is_err());
        assert!(LiveSpec::parse("Posts", &[] as &[&str]).is_err());
    }

    #[test]
    fn the_router_gets_the_module_the_state_and_the_routes() {
        let lib = "//! App.\n\npub mod guestbook;\npub mod layout;\n\nuse live_server::Router;\n\npub fn router() -> Router {\n    Router::new().live_session(\"app\", |r| r.live::<guestbook::Guestbook>(\"/\"))\n}\n";
        let wired = wire(lib, "blog_posts").expect("wired");
        assert!(
            wired.contains("pub mod layout;\npub mod blog_posts;\n"),
            "{wired}"
        );
        assert!(
            wired.contains("Router::new().state(blog_posts::Store::default()).live_session("),
            "{wired}"
        );
        assert!(
            wired.contains("r.live::<guestbook::Guestbook>(\"/\").live::<blog_posts::Index>(\"/blog-posts\").live::<blog_posts::Index>(\"/blog-posts/new\").live::<blog_posts::Index>(\"/blog-posts/:id/edit\"))"),
            "{wired}"
        );
        assert_eq!(wire("fn main() {}", "posts"), None);
    }
}
