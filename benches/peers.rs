//! The peers of `html!` in the render bench: the big-table and teams templates written for
//! sailfish, askama and maud. Sailfish and askama read theirs from `templates/`; maud's are
//! below. Each function renders to an HTML `String` from borrowed data, as `html!` does.
//!
//! Shared by `render.rs`, `tests/same_html.rs`, `examples/allocations.rs` and `examples/ratios.rs`
//! (through `mod` / `#[path]`); each uses some of it.

#![allow(dead_code)]

use live_benches::Team;

/// big-table for sailfish (`templates/big-table.stpl`).
#[derive(sailfish::Template)]
#[template(path = "big-table.stpl")]
pub(crate) struct SailfishBigTable<'a> {
    /// The rows.
    pub(crate) table: &'a [Vec<usize>],
}

/// teams for sailfish (`templates/teams.stpl`).
#[derive(sailfish::Template)]
#[template(path = "teams.stpl")]
pub(crate) struct SailfishTeams<'a> {
    /// The year.
    pub(crate) year: u16,
    /// The teams, best first.
    pub(crate) teams: &'a [Team],
}

/// big-table for askama (`templates/big-table.html`).
#[derive(askama::Template)]
#[template(path = "big-table.html")]
pub(crate) struct AskamaBigTable<'a> {
    /// The rows.
    pub(crate) table: &'a [Vec<usize>],
}

/// teams for askama (`templates/teams.html`).
#[derive(askama::Template)]
#[template(path = "teams.html")]
pub(crate) struct AskamaTeams<'a> {
    /// The year.
    pub(crate) year: u16,
    /// The teams, best first.
    pub(crate) teams: &'a [Team],
}

/// Renders big-table with sailfish.
pub(crate) fn sailfish_big_table(table: &[Vec<usize>]) -> String {
    sailfish::Template::render(&SailfishBigTable { table }).expect("sailfish render")
}

/// Renders teams with sailfish.
pub(crate) fn sailfish_teams(year: u16, teams: &[Team]) -> String {
    sailfish::Template::render(&SailfishTeams { year, teams }).expect("sailfish render")
}

/// Renders big-table with askama.
pub(crate) fn askama_big_table(table: &[Vec<usize>]) -> String {
    askama::Template::render(&AskamaBigTable { table }).expect("askama render")
}

/// Renders teams with askama.
pub(crate) fn askama_teams(year: u16, teams: &[Team]) -> String {
    askama::Template::render(&AskamaTeams { year, teams }).expect("askama render")
}

/// Renders big-table with maud.
pub(crate) fn maud_big_table(table: &[Vec<usize>]) -> String {
    maud::html! {
        table {
            @for row in table {
                tr { @for cell in row { td { (cell) } } }
            }
        }
    }
    .into_string()
}

/// Renders teams with maud.
pub(crate) fn maud_teams(year: u16, teams: &[Team]) -> String {
    maud::html! {
        html {
            head { title { (year) } }
            body {
                h1 { "CSL " (year) }
                ul {
                    @for (i, team) in teams.iter().enumerate() {
                        li class=(if i == 0 { "champion" } else { "" }) {
                            b { (team.name) } ": " (team.score)
                        }
                    }
                }
            }
        }
    }
    .into_string()
}
