//! The four engines of the render bench produce the same HTML for the same data, so the bench
//! compares equal work. No timing here.
//!
//! `html!` is checked both ways: the tree (`to_html`) and the static render the bench measures
//! (`render_to_string`). The templates are compiled here, in a test crate, because `html!`
//! builds its static render into release builds and test crates only.

#[path = "../peers.rs"]
mod peers;
#[allow(unreachable_pub)]
#[path = "../src/templates.rs"]
mod templates;

use live_core::static_render::render_to_string;

#[test]
fn big_table_is_the_same_in_every_engine() {
    let table = live_benches::big_table_data(100);
    let ours = templates::big_table(&table).to_html();
    assert_eq!(ours.matches("<td>").count(), 100 * 100);
    assert_eq!(render_to_string(|| templates::big_table(&table)), ours);
    assert_eq!(peers::sailfish_big_table(&table), ours);
    assert_eq!(peers::askama_big_table(&table), ours);
    assert_eq!(peers::maud_big_table(&table), ours);
}

#[test]
fn teams_is_the_same_in_every_engine() {
    let (year, teams) = live_benches::teams_data();
    let ours = templates::teams(year, &teams).to_html();
    assert_eq!(
        ours,
        "<html><head><title>2015</title></head><body><h1>CSL 2015</h1><ul>\
         <li class=\"champion\"><b>Jiangsu</b>: 43</li><li class=\"\"><b>Beijing</b>: 27</li>\
         <li class=\"\"><b>Guangzhou</b>: 22</li><li class=\"\"><b>Shandong</b>: 12</li>\
         </ul></body></html>"
    );
    assert_eq!(render_to_string(|| templates::teams(year, &teams)), ours);
    assert_eq!(peers::sailfish_teams(year, &teams), ours);
    assert_eq!(peers::askama_teams(year, &teams), ours);
    assert_eq!(peers::maud_teams(year, &teams), ours);
}
