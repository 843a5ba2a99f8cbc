//! The two templates of the template-benchmark suites, written with `html!`.
//!
//! A module of its own because `tests/same_html.rs` compiles it too (`#[path]`): `html!` builds
//! its static render into release builds and test crates only, and the test checks that render
//! against the other engines.

use live_benches::Team;
use live_core::{html, Rendered};

/// The big-table template: one `<tr>` per row, one `<td>` per integer.
///
/// Both loops are `:for` comprehensions: the tree has one nested comprehension per row, and the
/// static render writes every cell straight into one buffer.
pub fn big_table(table: &[Vec<usize>]) -> Rendered {
    html! {
        <table>
            <tr :for={row in table}><td :for={cell in row}>{cell}</td></tr>
        </table>
    }
}

/// The teams template: a page listing the teams, the first one with the class `champion`.
///
/// ```
/// let (year, teams) = live_benches::teams_data();
/// let html = live_benches::teams(year, &teams).to_html();
/// assert!(html.starts_with("<html><head><title>2015</title></head><body><h1>CSL 2015</h1><ul>"));
/// assert!(html.contains(r#"<li class="champion"><b>Jiangsu</b>: 43</li><li class=""><b>Beijing</b>: 27</li>"#));
/// ```
pub fn teams(year: u16, teams: &[Team]) -> Rendered {
    html! {
        <html>
            <head><title>{year}</title></head>
            <body>
                <h1>CSL {year}</h1>
                <ul>
                    <li :for={(i, team) in teams.iter().enumerate()} class={if i == 0 { "champion" } else { "" }}><b>{team.name}</b>: {team.score}</li>
                </ul>
            </body>
        </html>
    }
}
