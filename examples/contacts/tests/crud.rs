//! The contacts app through `live_server::testing` (the server's own protocol decisions, no
//! browser), each test on a temporary SQLite file migrated at open.

use contacts::{Db, NewContact};
use live_server::testing::{live, TestError, TestView};
use serde_json::json;

/// A database file of its own for each test, removed when the test ends.
struct TempDb(std::path::PathBuf);

impl TempDb {
    fn new(name: &str) -> TempDb {
        let path = std::env::temp_dir().join(format!("contacts-{name}-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        TempDb(path)
    }

    fn open(&self) -> Db {
        Db::open(&self.0).expect("the database opens and migrates")
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn seeded(file: &TempDb) -> Result<TestView, TestError> {
    let db = file.open();
    db.seed_if_empty().expect("seed");
    live(&contacts::router(db), "/")
}

fn names(view: &mut TestView) -> Result<Vec<String>, TestError> {
    let html = view.element("#contacts-rows").render()?;
    Ok(html
        .split("<tr ")
        .skip(1)
        .filter_map(|row| row.split("<td>").nth(1))
        .filter_map(|cell| cell.split("</td>").next())
        .map(str::to_owned)
        .collect())
}

#[test]
fn the_index_lists_the_contacts_by_name() -> Result<(), TestError> {
    let file = TempDb::new("index");
    let mut view = seeded(&file)?;
    assert_eq!(
        names(&mut view)?,
        ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    );
    assert!(!view.has_element("#contact-modal"));
    Ok(())
}

#[test]
fn a_new_contact_is_validated_then_saved() -> Result<(), TestError> {
    let file = TempDb::new("new");
    let mut view = seeded(&file)?;
    view.element("#new-contact").render_click(())?;
    view.assert_patch("/new");
    assert!(view.has_element("#contact-modal"));

    // Typing a bad email: its error shows, the untouched name's does not.
    let html = view
        .form("#contact-form", json!({"contact": {"email": "katherine"}}))
        .render_change()?;
    assert!(
        html.contains("must have the @ sign and no spaces"),
        "{html}"
    );
    assert!(!html.contains("can&#39;t be blank"), "{html}");

    view.form(
        "#contact-form",
        json!({"contact": {"name": "Katherine Johnson", "email": "katherine@example.com"}}),
    )
    .render_submit()?;
    view.assert_patch("/");
    assert!(!view.has_element("#contact-modal"));
    assert_eq!(
        names(&mut view)?,
        [
            "Ada Lovelace",
            "Alan Turing",
            "Grace Hopper",
            "Katherine Johnson"
        ]
    );
    assert_eq!(
        view.element("#flash-info .flash-message").text()?,
        "Saved Katherine Johnson"
    );
    // It is in the database, not only on the page.
    assert_eq!(file.open().list().map(|all| all.len()).ok(), Some(4));
    Ok(())
}

#[test]
fn a_taken_email_shows_the_database_error_on_the_field() -> Result<(), TestError> {
    let file = TempDb::new("taken");
    let mut view = seeded(&file)?;
    view.render_patch("/new")?;
    let html = view
        .form(
            "#contact-form",
            json!({"contact": {"name": "Ada Two", "email": "ADA@example.com"}}),
        )
        .render_submit()?;
    let email_field = view
        .element("#contact-form_email")
        .attribute("aria-invalid")?;
    assert_eq!(email_field.as_deref(), Some("true"), "{html}");
    assert!(html.contains("has already been taken"), "{html}");
    assert!(view.has_element("#contact-modal"), "the form stays open");
    assert_eq!(file.open().list().map(|all| all.len()).ok(), Some(3));
    Ok(())
}

#[test]
fn editing_fills_the_form_and_saves_the_changes() -> Result<(), TestError> {
    let file = TempDb::new("edit");
    let db = file.open();
    let grace = db
        .insert(&NewContact {
            name: "Grace".into(),
            email: "grace@example.com".into(),
            phone: String::new(),
        })
        .expect("insert");
    let mut view = live(&contacts::router(db), "/")?;
    view.element(&format!("#edit-{}", grace.id))
        .render_click(())?;
    view.assert_patch(&format!("/{}/edit", grace.id));
    assert_eq!(
        view.element("#contact-form_email")
            .attribute("value")?
            .as_deref(),
        Some("grace@example.com")
    );
    view.form(
        "#contact-form",
        json!({"contact": {"name": "Grace Hopper", "email": "grace@example.com", "phone": "555"}}),
    )
    .render_submit()?;
    view.assert_patch("/");
    assert_eq!(names(&mut view)?, ["Grace Hopper"]);
    assert_eq!(
        file.open().get(grace.id).map(|c| c.phone).ok().as_deref(),
        Some("555")
    );

    // A contact that is gone: back to the index with an error.
    view.render_patch("/999/edit")?;
    view.assert_patch("/");
    assert_eq!(
        view.element("#flash-error .flash-message").text()?,
        "That contact no longer exists"
    );
    Ok(())
}

#[test]
fn delete_asks_first() -> Result<(), TestError> {
    let file = TempDb::new("delete");
    let mut view = seeded(&file)?;
    let alan = file
        .open()
        .list()
        .ok()
        .and_then(|all| all.into_iter().find(|c| c.name == "Alan Turing"))
        .expect("seeded");
    view.element(&format!("#delete-{}", alan.id))
        .render_click(())?;
    assert!(view
        .element("#delete-modal")
        .text()?
        .contains("Alan Turing"));
    view.element("#cancel-delete").render_click(())?;
    assert!(!view.has_element("#delete-modal"));
    assert_eq!(names(&mut view)?.len(), 3);

    view.element(&format!("#delete-{}", alan.id))
        .render_click(())?;
    view.element("#confirm-delete").render_click(())?;
    assert!(!view.has_element("#delete-modal"));
    assert_eq!(names(&mut view)?, ["Ada Lovelace", "Grace Hopper"]);
    assert_eq!(
        view.element("#flash-info .flash-message").text()?,
        "Deleted Alan Turing"
    );
    Ok(())
}
