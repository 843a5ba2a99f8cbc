//! `#[derive(LiveView)]`: the assign names, the change bits and the generated setters.

use live_core::{html, Assigns, ChangeSet, LiveView, Tracked};

#[derive(LiveView)]
struct Form {
    name: String,
    age: u32,
    tags: Vec<String>,
    r#type: &'static str,
}

fn form() -> Assigns<Form> {
    let mut assigns = Assigns::new(Form {
        name: "Ada".into(),
        age: 36,
        tags: vec![],
        r#type: "person",
    });
    assigns.clear_changed();
    assigns
}

#[test]
fn assigns_are_the_fields_in_declaration_order() {
    assert_eq!(Form::ASSIGNS, ["name", "age", "tags", "type"]);
}

#[test]
fn set_marks_only_its_own_bit() {
    let mut assigns = form();
    assigns.set_age(37);
    assert_eq!(assigns.age, 37);
    assert!(assigns.changed().any(ChangeSet::bit(1)));
    assert!(!assigns
        .changed()
        .any(ChangeSet::bit(0) | ChangeSet::bit(2) | ChangeSet::bit(3)));
}

#[test]
fn set_to_an_equal_value_is_not_a_change() {
    let mut assigns = form();
    assigns.set_name("Ada".into());
    assigns.set_age(36);
    assigns.set_type("person");
    assert!(assigns.changed().is_empty());
    assigns.set_type("robot");
    assert_eq!(assigns.r#type, "robot");
    let mut expected = ChangeSet::NONE;
    expected.mark(ChangeSet::bit(3));
    assert_eq!(assigns.changed(), expected);
}

#[test]
fn update_and_mut_always_mark() {
    let mut assigns = form();
    assigns.update_tags(|tags| tags.push("a".into()));
    assert_eq!(assigns.tags, ["a"]);
    assert!(assigns.changed().any(ChangeSet::bit(2)));

    let mut assigns = form();
    // Even when nothing is actually modified: the setter cannot know.
    assigns.update_age(|_| {});
    assert!(assigns.changed().any(ChangeSet::bit(1)));

    let mut assigns = form();
    assigns.name_mut().push_str(" Lovelace");
    assert_eq!(assigns.name, "Ada Lovelace");
    assert!(assigns.changed().any(ChangeSet::bit(0)));
    assert!(!assigns.changed().any(ChangeSet::bit(1)));
}

/// Not `PartialEq`: every set counts as a change.
struct Opaque(u8);

#[derive(LiveView)]
struct Holder {
    opaque: Opaque,
}

#[test]
fn values_without_partial_eq_always_change() {
    let mut assigns = Assigns::new(Holder { opaque: Opaque(1) });
    assigns.clear_changed();
    assigns.set_opaque(Opaque(1));
    assert!(assigns.changed().any(ChangeSet::bit(0)));
    assert_eq!(assigns.opaque.0, 1);
}

#[test]
fn keyword_fields_are_read_as_raw_identifiers() {
    fn render(assigns: &Assigns<Form>) -> live_core::Rendered {
        html! { <p data-type={@type}>{@type}</p> }
    }
    let mut assigns = form();
    assigns.mark_all_changed();
    assert_eq!(
        render(&assigns).to_html(),
        r#"<p data-type="person">person</p>"#
    );
}

/// Views usually live in their own module; the setters travel with the `…Assigns` trait.
mod views {
    use live_core::LiveView;

    /// A view in another module.
    #[derive(LiveView)]
    pub(crate) struct Thermostat {
        pub(crate) celsius: f64,
    }
}

#[test]
fn setters_are_used_through_the_generated_trait() {
    use views::{Thermostat, ThermostatAssigns as _};
    let mut assigns = Assigns::new(Thermostat { celsius: 20.0 });
    assigns.clear_changed();
    assigns.set_celsius(20.0);
    assert!(assigns.changed().is_empty());
    *assigns.celsius_mut() += 0.5;
    assert_eq!(assigns.celsius, 20.5);
    assert!(!assigns.changed().is_empty());
}

/// Fields past the 63rd share the last bit, so no change is ever missed.
#[derive(LiveView, Default)]
#[rustfmt::skip]
#[allow(dead_code)]
struct Wide {
    f00: u8, f01: u8, f02: u8, f03: u8, f04: u8, f05: u8, f06: u8, f07: u8, f08: u8, f09: u8,
    f10: u8, f11: u8, f12: u8, f13: u8, f14: u8, f15: u8, f16: u8, f17: u8, f18: u8, f19: u8,
    f20: u8, f21: u8, f22: u8, f23: u8, f24: u8, f25: u8, f26: u8, f27: u8, f28: u8, f29: u8,
    f30: u8, f31: u8, f32: u8, f33: u8, f34: u8, f35: u8, f36: u8, f37: u8, f38: u8, f39: u8,
    f40: u8, f41: u8, f42: u8, f43: u8, f44: u8, f45: u8, f46: u8, f47: u8, f48: u8, f49: u8,
    f50: u8, f51: u8, f52: u8, f53: u8, f54: u8, f55: u8, f56: u8, f57: u8, f58: u8, f59: u8,
    f60: u8, f61: u8, f62: u8, f63: u8, f64: u8, f65: u8,
}

#[test]
fn more_than_63_fields_share_the_last_bit() {
    assert_eq!(Wide::ASSIGNS.len(), 66);
    assert_eq!(Wide::ASSIGNS[65], "f65");
    let mut assigns = Assigns::new(Wide::default());
    assigns.clear_changed();
    assigns.set_f65(1);
    assert!(assigns.changed().any(ChangeSet::bit(63)));
    assert!(!assigns.changed().any(ChangeSet::bit(62)));
}
