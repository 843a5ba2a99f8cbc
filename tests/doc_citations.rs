//! Citations of the protocol documents point somewhere: every `docs/protocol.md §N` and
//! `docs/protocol-bindings.md §N` in the repository's `*.rs`, `*.md` and `*.mjs` files names a
//! section that is a heading of that document, and no file cites the protocol notes that used to
//! live outside the repository.
//!
//! A citation is a document path followed by one or more section numbers, in a list such as
//! `docs/protocol.md §2, §3` or `docs/protocol-bindings.md §1.3–§1.5 and §2.10`. Inside the
//! documents themselves, `protocol-bindings.md §6` (with or without `docs/` and backticks) cites
//! the other file, and a bare `§4.5` cites the document it is written in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const PROTOCOL: &str = "docs/protocol.md";
const BINDINGS: &str = "docs/protocol-bindings.md";

/// The old, out-of-tree names, spelled in two pieces so this file does not cite them itself.
const OLD_NAMES: [&str; 2] = [
    concat!("PROTOCOL", ".md"),
    concat!("PROTOCOL-BINDINGS", ".md"),
];

/// Directories never scanned (build output, npm packages, git data).
const SKIPPED_DIRS: [&str; 3] = ["target", "node_modules", ".git"];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives in the repository")
        .to_path_buf()
}

/// Every `*.rs`, `*.md` and `*.mjs` file under `dir`, as paths relative to `root` with `/`.
fn source_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {dir:?}: {e}"));
    for entry in entries {
        let entry = entry.expect("directory entry");
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_str()) {
                source_files(root, &path, out);
            }
        } else if kind.is_file()
            && (name.ends_with(".rs") || name.ends_with(".md") || name.ends_with(".mjs"))
        {
            let relative = path.strip_prefix(root).expect("under the root");
            let parts: Vec<_> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
}

/// The section numbers of a document's headings: `## 3.2 Title` gives `3.2`.
fn headings(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim_start_matches('#');
            if rest.len() == line.len() {
                return None;
            }
            let rest = rest.strip_prefix(' ')?;
            let (number, after) = section_number(rest)?;
            (after.is_empty() || after.starts_with(' ')).then(|| number.to_owned())
        })
        .collect()
}

/// A section number (`4`, `4.10`, `2.1.3`) at the start of `text`, and the text after it. A
/// trailing `.` that no digit follows ends a sentence and is not part of the number.
fn section_number(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let mut end = 0;
    loop {
        let start = end;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        if end == start {
            return None;
        }
        if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
            end += 1;
        } else {
            return Some((&text[..end], &text[end..]));
        }
    }
}

/// One cited section: the document, the section number, and the line it is cited on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Citation {
    document: &'static str,
    section: String,
    line: usize,
}

/// How a document may be named in `file`: its repository path everywhere; inside the
/// documents also its bare file name (they sit side by side).
fn document_names(file: &str) -> Vec<(&'static str, &'static str)> {
    let mut names = vec![(BINDINGS, BINDINGS), (PROTOCOL, PROTOCOL)];
    if file.starts_with("docs/") {
        names.push(("protocol-bindings.md", BINDINGS));
        names.push(("protocol.md", PROTOCOL));
    }
    names
}

/// The separators allowed between the section numbers of one citation list.
const LIST_SEPARATORS: [&str; 7] = [", and ", " and ", ", ", " to ", "–", "—", "-"];

/// Every section citation in `text`, the contents of `file`.
fn citations(file: &str, text: &str) -> Vec<Citation> {
    let own = match file {
        PROTOCOL => Some(PROTOCOL),
        BINDINGS => Some(BINDINGS),
        _ => None,
    };
    let names = document_names(file);
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let mut rest = line;
        while !rest.is_empty() {
            let named = names
                .iter()
                .find(|(name, _)| rest.starts_with(name) && !continues_a_word(line, rest));
            let (document, after) = match named {
                Some((name, document)) => {
                    let after = rest[name.len()..].trim_start_matches('`');
                    (Some(*document), after.strip_prefix(' ').unwrap_or(after))
                }
                None => (own, rest),
            };
            let mut list = after;
            let mut in_list = false;
            if let Some(document) = document {
                while let Some((number, tail)) = list.strip_prefix('§').and_then(section_number) {
                    found.push(Citation {
                        document,
                        section: number.to_owned(),
                        line: index + 1,
                    });
                    in_list = true;
                    list = match LIST_SEPARATORS
                        .iter()
                        .find_map(|sep| tail.strip_prefix(sep).filter(|t| t.starts_with('§')))
                    {
                        Some(next) => next,
                        None => tail,
                    };
                    if !list.starts_with('§') {
                        break;
                    }
                }
            }
            rest = if in_list || named.is_some() {
                list
            } else {
                let mut chars = rest.chars();
                chars.next();
                chars.as_str()
            };
        }
    }
    found
}

/// Whether the document name at `rest` (a suffix of `line`) is the tail of a longer name, such
/// as `protocol.md` in `docs/protocol.md` (already matched as a whole) or in `xprotocol.md`.
fn continues_a_word(line: &str, rest: &str) -> bool {
    let before = &line[..line.len() - rest.len()];
    before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-' || c == '_')
}

fn read(root: &Path, file: &str) -> String {
    let bytes = std::fs::read(root.join(file)).unwrap_or_else(|e| panic!("reading {file}: {e}"));
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn every_cited_section_is_a_heading() {
    let root = repo_root();
    let sections: BTreeMap<&str, BTreeSet<String>> = [PROTOCOL, BINDINGS]
        .into_iter()
        .map(|doc| (doc, headings(&read(&root, doc))))
        .collect();
    for (doc, numbers) in &sections {
        assert!(
            numbers.len() >= 20,
            "{doc} has only {} numbered headings: {numbers:?}",
            numbers.len()
        );
    }
    let mut files = Vec::new();
    source_files(&root, &root, &mut files);
    files.sort();
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &files {
        for citation in citations(file, &read(&root, file)) {
            checked += 1;
            if !sections[citation.document].contains(&citation.section) {
                broken.push(format!(
                    "{file}:{}: {} §{} is not a heading of {}",
                    citation.line, citation.document, citation.section, citation.document
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "broken citations:\n{}",
        broken.join("\n")
    );
    // The code cites the documents in dozens of places; finding few means the scan is broken.
    assert!(checked >= 50, "only {checked} citations found");
}

#[test]
fn no_file_cites_the_old_notes() {
    let root = repo_root();
    let mut files = Vec::new();
    source_files(&root, &root, &mut files);
    let mut offenders = Vec::new();
    for file in files {
        let text = read(&root, &file);
        for (index, line) in text.lines().enumerate() {
            if OLD_NAMES.iter().any(|old| line.contains(old)) {
                offenders.push(format!("{file}:{}: {}", index + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "cite {PROTOCOL} or {BINDINGS} instead:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_scanner_reads_lists_and_finds_bad_sections() {
    let text = format!(
        "// ({PROTOCOL} §2, §3 and §6.3) see {BINDINGS} §1.3–§1.5, §2.10.\n\
         // {PROTOCOL} §4.10: the example. {PROTOCOL}, and §9 is not a citation\n"
    );
    let found: Vec<_> = citations("x.rs", &text)
        .into_iter()
        .map(|c| (c.document, c.section, c.line))
        .collect();
    let expected = [
        (PROTOCOL, "2", 1),
        (PROTOCOL, "3", 1),
        (PROTOCOL, "6.3", 1),
        (BINDINGS, "1.3", 1),
        (BINDINGS, "1.5", 1),
        (BINDINGS, "2.10", 1),
        (PROTOCOL, "4.10", 2),
    ]
    .map(|(d, s, l)| (d, s.to_owned(), l));
    assert_eq!(found, expected);
    // Inside a document: the other one by its bare name, itself by a bare section sign.
    let inside = "see `protocol-bindings.md` §6 and §4.5; also §7.2.";
    let found: Vec<_> = citations(PROTOCOL, inside)
        .into_iter()
        .map(|c| (c.document, c.section))
        .collect();
    assert_eq!(
        found,
        [
            (BINDINGS, "6".to_owned()),
            (BINDINGS, "4.5".to_owned()),
            (PROTOCOL, "7.2".to_owned()),
        ]
    );
    let sections = headings("# Title\n## 4 Diffs\n### 4.10 Worked example\n#### 4.10.1. x\nno 5\n");
    assert_eq!(
        sections.into_iter().collect::<Vec<_>>(),
        ["4".to_owned(), "4.10".to_owned()]
    );
}
