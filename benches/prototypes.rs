//! Models of faster code `html!` could generate, measured beside the current `html!` and
//! sailfish. Not live's code: hand-written stand-ins for two proposals, so that their gain is a
//! measured number rather than a guess.
//!
//! ```text
//! cargo bench -p live-benches --bench prototypes -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! - **flat tree** ([`model::Flat`]): the same information as a `Rendered` tree (statics per
//!   node, one value per slot, comprehensions with entries), stored pre-order in one `Vec` of
//!   `Copy` slots, with all slot text escaped back to back in one `String`. A render makes a
//!   handful of allocations instead of two or three per slot; `to_html` knows the exact output
//!   length. A diff walks it in the same order as a `Rendered`.
//! - **direct write**: the static render (`to_html` of a full render) written straight into the
//!   output `String`, with no tree at all, the way sailfish works; the output capacity comes from
//!   the previous render's length.
//!
//! Both format integers with the `itoa` crate instead of `core::fmt`, and escape text with
//! `live_core::escape::escape_html_into`. Each model is checked against `html!`'s HTML before
//! measuring.

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{criterion_group, criterion_main, Criterion};
use live_benches::Team;
use live_core::escape::escape_html_into;
use live_core::Statics;

mod peers;

/// The model of a flat rendered tree.
mod model {
    use live_core::escape::escape_html_into;
    use live_core::Statics;

    /// One slot value, pre-order: a list's entries follow it, each entry's slots in order.
    #[derive(Debug, Clone, Copy)]
    pub(crate) enum Slot {
        /// Escaped text: a range of [`Flat::text`].
        Text { start: u32, end: u32 },
        /// A comprehension of `entries` entries with `statics`; its slots end at `end`.
        List {
            statics: &'static Statics,
            entries: u32,
            end: u32,
        },
    }

    /// A rendered tree in two buffers.
    #[derive(Debug, Default)]
    pub(crate) struct Flat {
        text: String,
        slots: Vec<Slot>,
        /// Exact length of the HTML, kept up to date while building.
        html_len: usize,
    }

    impl Flat {
        /// A tree for a root template of `root` statics.
        pub(crate) fn new(root: &'static Statics, text: usize, slots: usize) -> Self {
            Flat {
                text: String::with_capacity(text),
                slots: Vec::with_capacity(slots),
                html_len: statics_len(root),
            }
        }

        fn push_text(&mut self, start: usize) {
            self.html_len += self.text.len() - start;
            self.slots.push(Slot::Text {
                start: start as u32,
                end: self.text.len() as u32,
            });
        }

        /// A text slot from a string, escaped.
        pub(crate) fn str(&mut self, value: &str) {
            let start = self.text.len();
            escape_html_into(&mut self.text, value);
            self.push_text(start);
        }

        /// A text slot from markup that is already HTML (an attribute rendered by the template).
        pub(crate) fn markup(&mut self, value: &str) {
            let start = self.text.len();
            self.text.push_str(value);
            self.push_text(start);
        }

        /// A text slot from an integer.
        pub(crate) fn int(&mut self, value: u64) {
            let start = self.text.len();
            super::push_u64(&mut self.text, value);
            self.push_text(start);
        }

        /// Opens a comprehension slot; returns its handle.
        pub(crate) fn begin_list(&mut self, statics: &'static Statics) -> usize {
            self.slots.push(Slot::List {
                statics,
                entries: 0,
                end: 0,
            });
            self.slots.len() - 1
        }

        /// Starts the next entry of the list `list`.
        pub(crate) fn entry(&mut self, list: usize) {
            if let Slot::List {
                statics, entries, ..
            } = &mut self.slots[list]
            {
                *entries += 1;
                self.html_len += statics_len(statics);
            }
        }

        /// Closes the list `list`.
        pub(crate) fn end_list(&mut self, list: usize) {
            let len = self.slots.len() as u32;
            if let Slot::List { end, .. } = &mut self.slots[list] {
                *end = len;
            }
        }

        /// The HTML of the tree whose root has `root` statics.
        pub(crate) fn to_html(&self, root: &'static Statics) -> String {
            let mut out = String::with_capacity(self.html_len);
            let mut cursor = 0;
            self.node(root, &mut cursor, &mut out);
            out
        }

        fn node(&self, statics: &'static Statics, cursor: &mut usize, out: &mut String) {
            let parts = statics.parts();
            out.push_str(parts[0]);
            for part in &parts[1..] {
                self.slot(cursor, out);
                out.push_str(part);
            }
        }

        fn slot(&self, cursor: &mut usize, out: &mut String) {
            let slot = self.slots[*cursor];
            *cursor += 1;
            match slot {
                Slot::Text { start, end } => out.push_str(&self.text[start as usize..end as usize]),
                Slot::List {
                    statics, entries, ..
                } => {
                    for _ in 0..entries {
                        self.node(statics, cursor, out);
                    }
                }
            }
        }
    }

    fn statics_len(statics: &Statics) -> usize {
        statics.parts().iter().map(|p| p.len()).sum()
    }
}

/// Appends the decimal digits of `value`, formatted by the `itoa` crate (already in the tree
/// through serde_json): a safe API, no `core::fmt`.
fn push_u64(out: &mut String, value: u64) {
    out.push_str(itoa::Buffer::new().format(value));
}

/// A `static` [`Statics`]; the fragments must need no JSON escaping.
macro_rules! statics {
    ($name:ident = [$first:literal $(, $part:literal)*], $root:literal) => {
        static $name: Statics = Statics::new(
            &[$first $(, $part)*],
            concat!("[\"", $first, "\"" $(, ",\"", $part, "\"")*, "]"),
            $root,
        );
    };
}

statics!(TABLE = ["<table>", "</table>"], true);
statics!(ROW = ["<tr>", "</tr>"], true);
statics!(CELL = ["<td>", "</td>"], true);
statics!(
    PAGE = [
        "<html><head><title>",
        "</title></head><body><h1>CSL ",
        "</h1><ul>",
        "</ul></body></html>"
    ],
    true
);
statics!(TEAM = ["<li", "><b>", "</b>: ", "</li>"], true);

fn big_table_flat(table: &[Vec<usize>]) -> String {
    let mut tree = model::Flat::new(&TABLE, 4 * 10_000, 1 + 10_100);
    let rows = tree.begin_list(&ROW);
    for row in table {
        tree.entry(rows);
        let cells = tree.begin_list(&CELL);
        for &cell in row {
            tree.entry(cells);
            tree.int(cell as u64);
        }
        tree.end_list(cells);
    }
    tree.end_list(rows);
    tree.to_html(&TABLE)
}

fn teams_flat(year: u16, teams: &[Team]) -> String {
    let mut tree = model::Flat::new(&PAGE, 128, 32);
    tree.int(u64::from(year));
    tree.int(u64::from(year));
    let list = tree.begin_list(&TEAM);
    for (i, team) in teams.iter().enumerate() {
        tree.entry(list);
        tree.markup(if i == 0 {
            " class=\"champion\""
        } else {
            " class=\"\""
        });
        tree.str(&team.name);
        tree.int(u64::from(team.score));
    }
    tree.end_list(list);
    tree.to_html(&PAGE)
}

/// The output length of the previous render of a template, as generated code could keep it.
fn with_hint(hint: &AtomicUsize, write: impl FnOnce(&mut String)) -> String {
    let mut out = String::with_capacity(hint.load(Ordering::Relaxed));
    write(&mut out);
    hint.store(out.len(), Ordering::Relaxed);
    out
}

fn big_table_direct(table: &[Vec<usize>]) -> String {
    static HINT: AtomicUsize = AtomicUsize::new(0);
    with_hint(&HINT, |out| {
        out.push_str("<table>");
        for row in table {
            out.push_str("<tr>");
            for &cell in row {
                out.push_str("<td>");
                push_u64(out, cell as u64);
                out.push_str("</td>");
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
    })
}

fn teams_direct(year: u16, teams: &[Team]) -> String {
    static HINT: AtomicUsize = AtomicUsize::new(0);
    with_hint(&HINT, |out| {
        out.push_str("<html><head><title>");
        push_u64(out, u64::from(year));
        out.push_str("</title></head><body><h1>CSL ");
        push_u64(out, u64::from(year));
        out.push_str("</h1><ul>");
        for (i, team) in teams.iter().enumerate() {
            out.push_str("<li class=\"");
            if i == 0 {
                out.push_str("champion");
            }
            out.push_str("\"><b>");
            escape_html_into(out, &team.name);
            out.push_str("</b>: ");
            push_u64(out, u64::from(team.score));
            out.push_str("</li>");
        }
        out.push_str("</ul></body></html>");
    })
}

fn big_table(c: &mut Criterion) {
    let table = live_benches::big_table_data(100);
    let expected = live_benches::big_table(&table).to_html();
    assert_eq!(big_table_flat(&table), expected);
    assert_eq!(big_table_direct(&table), expected);
    let mut group = c.benchmark_group("big-table-models");
    group.bench_function("html!", |b| {
        b.iter(|| live_benches::big_table(black_box(&table)).to_html())
    });
    group.bench_function("sailfish", |b| {
        b.iter(|| peers::sailfish_big_table(black_box(&table)))
    });
    group.bench_function("flat tree", |b| {
        b.iter(|| big_table_flat(black_box(&table)))
    });
    group.bench_function("direct write", |b| {
        b.iter(|| big_table_direct(black_box(&table)))
    });
    group.finish();
}

fn teams(c: &mut Criterion) {
    let (year, teams) = live_benches::teams_data();
    let expected = live_benches::teams(year, &teams).to_html();
    assert_eq!(teams_flat(year, &teams), expected);
    assert_eq!(teams_direct(year, &teams), expected);
    let mut group = c.benchmark_group("teams-models");
    group.bench_function("html!", |b| {
        b.iter(|| live_benches::teams(black_box(year), black_box(&teams)).to_html())
    });
    group.bench_function("sailfish", |b| {
        b.iter(|| peers::sailfish_teams(black_box(year), black_box(&teams)))
    });
    group.bench_function("flat tree", |b| {
        b.iter(|| teams_flat(black_box(year), black_box(&teams)))
    });
    group.bench_function("direct write", |b| {
        b.iter(|| teams_direct(black_box(year), black_box(&teams)))
    });
    group.finish();
}

criterion_group!(benches, big_table, teams);
criterion_main!(benches);
