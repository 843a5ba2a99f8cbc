//! JS commands (`live_core::JS`): the JSON of every operation of LiveView 1.2 with the option
//! combinations that matter, checked against the encoding rules of docs/protocol-bindings.md §3
//! (the reference encodings of §3.3 verbatim, alphabetical keys, absent options left out,
//! `false` kept, `{}` for no arguments), Elixir's validations, JSON and HTML escaping, and the
//! command inside `html!` templates and their diffs. That the official client runs these
//! encodings is checked in a browser by `browser_bindings.rs` (`every_js_op_runs_in_the_client`).

use live_core::js::{
    ClassOpts, DispatchOpts, HideOpts, JsCommand, PushOpts, PushTarget, ShowOpts, Target,
    ToggleAttr, ToggleOpts, Transition, TransitionOpts,
};
use live_core::{html, AttrValue, Rendered, JS};
use serde_json::{json, Map, Value};

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

#[track_caller]
fn encodes(cmd: JsCommand, expected: &str) {
    assert_eq!(cmd.to_json(), expected);
    // Always valid JSON, always an array of [op, object] pairs.
    let parsed: Value = serde_json::from_str(expected).expect("valid JSON");
    for op in parsed.as_array().expect("an array") {
        let pair = op.as_array().expect("an [op, args] pair");
        assert_eq!(pair.len(), 2);
        assert!(pair[0].is_string() && pair[1].is_object(), "{op}");
    }
}

#[test]
fn the_reference_encodings_of_protocol_bindings_3_3() {
    encodes(JS::push("inc"), r#"[["push",{"event":"inc"}]]"#);
    encodes(
        JS::push_with("inc", PushOpts::new().target(3)),
        r#"[["push",{"event":"inc","target":3}]]"#,
    );
    encodes(
        JS::push_with(
            "save",
            PushOpts::new()
                .loading("#form")
                .page_loading(true)
                .target("#cart")
                .value("id", 1),
        ),
        r##"[["push",{"event":"save","loading":"#form","page_loading":true,"target":"#cart","value":{"id":1}}]]"##,
    );
    encodes(
        JS::navigate("/home"),
        r#"[["navigate",{"href":"/home","replace":false}]]"#,
    );
    encodes(
        JS::patch_replace("/items?page=2"),
        r#"[["patch",{"href":"/items?page=2","replace":true}]]"#,
    );
    encodes(
        JS::show(
            ShowOpts::to("#modal")
                .display("flex")
                .time(300)
                .transition(("ease-out", "opacity-0", "opacity-100")),
        ),
        r##"[["show",{"display":"flex","time":300,"to":"#modal","transition":[["ease-out"],["opacity-0"],["opacity-100"]]}]]"##,
    );
    encodes(JS::hide("#modal"), r##"[["hide",{"to":"#modal"}]]"##);
    encodes(
        JS::toggle(ToggleOpts::to("#menu").ins("fade-in").outs("fade-out")),
        r##"[["toggle",{"ins":[["fade-in"],[],[]],"outs":[["fade-out"],[],[]],"to":"#menu"}]]"##,
    );
    encodes(
        JS::add_class("active bold", Target::closest("li")),
        r#"[["add_class",{"names":["active","bold"],"to":{"closest":"li"}}]]"#,
    );
    encodes(
        JS::transition("shake", "#x"),
        r##"[["transition",{"to":"#x","transition":[["shake"],[],[]]}]]"##,
    );
    encodes(
        JS::set_attribute(("aria-expanded", "true"), "#dd"),
        r##"[["set_attr",{"attr":["aria-expanded","true"],"to":"#dd"}]]"##,
    );
    encodes(
        JS::remove_attribute("disabled", Target::Source),
        r#"[["remove_attr",{"attr":"disabled"}]]"#,
    );
    encodes(
        JS::toggle_attribute(("aria-expanded", "true", "false"), Target::Source),
        r#"[["toggle_attr",{"attr":["aria-expanded","true","false"]}]]"#,
    );
    encodes(
        JS::ignore_attributes(["open", "data-*"], Target::Source),
        r#"[["ignore_attrs",{"attrs":["open","data-*"]}]]"#,
    );
    encodes(
        JS::dispatch(
            "app:copy",
            DispatchOpts::to("#code").bubbles(false).detail("n", 1),
        ),
        r##"[["dispatch",{"bubbles":false,"detail":{"n":1},"event":"app:copy","to":"#code"}]]"##,
    );
    encodes(
        JS::exec("data-cancel", "#modal"),
        r##"[["exec",{"attr":"data-cancel","to":"#modal"}]]"##,
    );
    encodes(JS::focus(Target::Source), r#"[["focus",{}]]"#);
    encodes(JS::pop_focus(), r#"[["pop_focus",{}]]"#);
}

#[test]
fn commands_compose_in_order() {
    encodes(JS::new(), "[]");
    encodes(
        JS::push("inc").hide("#m"),
        r##"[["push",{"event":"inc"}],["hide",{"to":"#m"}]]"##,
    );
    let open = JS::push_focus(Target::Source)
        .show("#modal")
        .focus_first("#modal");
    let close = JS::hide("#modal").pop_focus();
    let both = open.clone().concat(close.clone());
    assert_eq!(both.len(), open.len() + close.len());
    encodes(
        both,
        r##"[["push_focus",{}],["show",{"to":"#modal"}],["focus_first",{"to":"#modal"}],["hide",{"to":"#modal"}],["pop_focus",{}]]"##,
    );
    // Starting from JS:: or from an empty command gives the same operations.
    assert_eq!(JS::new().push("a").focus("#b"), JS::push("a").focus("#b"));
    assert_eq!(JS::new().concat(JS::new()), JS::new());
    // Two pushes stay two pushes: the client sends two events, in order.
    encodes(
        JS::push("a").push("b"),
        r#"[["push",{"event":"a"}],["push",{"event":"b"}]]"#,
    );
}

#[test]
fn push_options() {
    // Every option alone.
    encodes(
        JS::push_with("e", PushOpts::new().value("k", "v")),
        r#"[["push",{"event":"e","value":{"k":"v"}}]]"#,
    );
    encodes(
        JS::push_with("e", PushOpts::new().target(0)),
        r#"[["push",{"event":"e","target":0}]]"#,
    );
    encodes(
        JS::push_with("e", PushOpts::new().target(".row")),
        r#"[["push",{"event":"e","target":".row"}]]"#,
    );
    encodes(
        JS::push_with("e", PushOpts::new().loading(".thermo")),
        r#"[["push",{"event":"e","loading":".thermo"}]]"#,
    );
    // Given options are kept even when false (Elixir drops only nil).
    encodes(
        JS::push_with("e", PushOpts::new().page_loading(false)),
        r#"[["push",{"event":"e","page_loading":false}]]"#,
    );
    // An empty value map is still a value.
    encodes(
        JS::push_with("e", PushOpts::new().values(Map::new())),
        r#"[["push",{"event":"e","value":{}}]]"#,
    );
    // Values: later keys win; keys sorted at every depth; any JSON value.
    let opts = PushOpts::new()
        .value("z", 1)
        .value("a", json!({"y": [true, null, 1.5], "x": "s"}))
        .value("z", 2)
        .values(object(json!({"m": -3, "a2": {"b": 1, "a": 2}})));
    encodes(
        JS::push_with("e", opts),
        r#"[["push",{"event":"e","value":{"a":{"x":"s","y":[true,null,1.5]},"a2":{"a":2,"b":1},"m":-3,"z":2}}]]"#,
    );
    // The options are the same whatever the order they were given in.
    assert_eq!(
        JS::push_with("e", PushOpts::new().target(1).value("a", 1)).to_json(),
        JS::push_with("e", PushOpts::new().value("a", 1).target(1)).to_json()
    );
    // An integer literal is a component id.
    assert_eq!(PushTarget::from(7u64), PushTarget::Cid(7));
    encodes(
        JS::push_with("e", PushOpts::new().target(String::from("#a"))),
        r##"[["push",{"event":"e","target":"#a"}]]"##,
    );
    assert_eq!(JS::push_with("e", PushOpts::new()), JS::push("e"));
}

#[test]
fn navigate_and_patch_always_carry_replace() {
    encodes(
        JS::navigate("/a"),
        r#"[["navigate",{"href":"/a","replace":false}]]"#,
    );
    encodes(
        JS::navigate_replace("/a"),
        r#"[["navigate",{"href":"/a","replace":true}]]"#,
    );
    encodes(
        JS::patch("/?p=1"),
        r#"[["patch",{"href":"/?p=1","replace":false}]]"#,
    );
    encodes(
        JS::patch_replace("/?p=1"),
        r#"[["patch",{"href":"/?p=1","replace":true}]]"#,
    );
    // Full URLs pass through unchanged (no `/` escaping).
    encodes(
        JS::navigate("https://example.com/a/b"),
        r#"[["navigate",{"href":"https://example.com/a/b","replace":false}]]"#,
    );
}

#[test]
fn targets() {
    encodes(JS::show(Target::Source), r#"[["show",{}]]"#);
    encodes(JS::show("#a"), r##"[["show",{"to":"#a"}]]"##);
    encodes(JS::show(String::from("#a")), r##"[["show",{"to":"#a"}]]"##);
    let selector = String::from("#a");
    encodes(JS::show(&selector), r##"[["show",{"to":"#a"}]]"##);
    encodes(
        JS::show(Target::document("#a")),
        r##"[["show",{"to":"#a"}]]"##,
    );
    encodes(
        JS::show(Target::closest(".row")),
        r#"[["show",{"to":{"closest":".row"}}]]"#,
    );
    encodes(
        JS::show(Target::inner(".x")),
        r#"[["show",{"to":{"inner":".x"}}]]"#,
    );
    // Every op with `to` takes the same targets.
    for (cmd, op) in [
        (JS::hide(Target::inner("p")), "hide"),
        (JS::toggle(Target::inner("p")), "toggle"),
        (JS::focus(Target::inner("p")), "focus"),
        (JS::focus_first(Target::inner("p")), "focus_first"),
        (JS::push_focus(Target::inner("p")), "push_focus"),
    ] {
        assert_eq!(
            cmd.to_json(),
            format!(r#"[["{op}",{{"to":{{"inner":"p"}}}}]]"#)
        );
    }
    assert_eq!(Target::default(), Target::Source);
}

#[test]
fn show_hide_toggle_options() {
    // Each option alone.
    encodes(
        JS::show(ShowOpts::new().display("inline-block")),
        r#"[["show",{"display":"inline-block"}]]"#,
    );
    encodes(
        JS::show(ShowOpts::new().time(0)),
        r#"[["show",{"time":0}]]"#,
    );
    encodes(
        JS::show(ShowOpts::new().blocking(true)),
        r#"[["show",{"blocking":true}]]"#,
    );
    encodes(
        JS::show(ShowOpts::new().blocking(false)),
        r#"[["show",{"blocking":false}]]"#,
    );
    // All options together, keys sorted.
    encodes(
        JS::show(
            ShowOpts::to(Target::closest("tr"))
                .transition("a b")
                .blocking(false)
                .time(10)
                .display("table-row"),
        ),
        r#"[["show",{"blocking":false,"display":"table-row","time":10,"to":{"closest":"tr"},"transition":[["a","b"],[],[]]}]]"#,
    );
    encodes(
        JS::hide(
            HideOpts::to("#m")
                .transition(("x", "y", "z"))
                .time(1)
                .blocking(true),
        ),
        r##"[["hide",{"blocking":true,"time":1,"to":"#m","transition":[["x"],["y"],["z"]]}]]"##,
    );
    encodes(
        JS::toggle(
            ToggleOpts::new()
                .display("flex")
                .ins(("i1 i2", "is", "ie"))
                .outs(("o1", "os", "oe"))
                .time(250)
                .blocking(false),
        ),
        r#"[["toggle",{"blocking":false,"display":"flex","ins":[["i1","i2"],["is"],["ie"]],"outs":[["o1"],["os"],["oe"]],"time":250}]]"#,
    );
    encodes(
        JS::toggle(ToggleOpts::new().outs("fade-out")),
        r#"[["toggle",{"outs":[["fade-out"],[],[]]}]]"#,
    );
}

#[test]
fn transitions_and_class_names_split_on_spaces_only() {
    let t = Transition::from(("  a  b ", "", "c"));
    assert_eq!(t.running(), ["a", "b"]);
    assert!(t.start().is_empty());
    assert_eq!(t.end(), ["c"]);
    // Elixir splits on the space character only: a tab stays inside a name.
    assert_eq!(Transition::from("a\tb").running(), ["a\tb"]);
    assert_eq!(
        Transition::from(["a", "b", "c"]),
        Transition::new("a", "b", "c")
    );
    assert_eq!(Transition::from(String::from("a")), Transition::from("a"));
    // An empty transition is still sent (as three empty lists).
    encodes(
        JS::show(ShowOpts::new().transition("")),
        r#"[["show",{"transition":[[],[],[]]}]]"#,
    );
    encodes(
        JS::add_class(" a  b ", Target::Source),
        r#"[["add_class",{"names":["a","b"]}]]"#,
    );
    encodes(
        JS::add_class("", Target::Source),
        r#"[["add_class",{"names":[]}]]"#,
    );
}

#[test]
fn class_operations() {
    for op in ["add_class", "remove_class", "toggle_class"] {
        let build = |names: &str, opts: ClassOpts| match op {
            "add_class" => JS::add_class(names, opts),
            "remove_class" => JS::remove_class(names, opts),
            _ => JS::toggle_class(names, opts),
        };
        assert_eq!(
            build("a", ClassOpts::new()).to_json(),
            format!(r#"[["{op}",{{"names":["a"]}}]]"#)
        );
        assert_eq!(
            build("a b", ClassOpts::to("#x")).to_json(),
            format!(r##"[["{op}",{{"names":["a","b"],"to":"#x"}}]]"##)
        );
        assert_eq!(
            build(
                "a",
                ClassOpts::to(Target::inner("li"))
                    .transition(("t", "s", "e"))
                    .time(5)
                    .blocking(false)
            )
            .to_json(),
            format!(
                r#"[["{op}",{{"blocking":false,"names":["a"],"time":5,"to":{{"inner":"li"}},"transition":[["t"],["s"],["e"]]}}]]"#
            )
        );
    }
}

#[test]
fn transition_operation() {
    encodes(
        JS::transition("shake", TransitionOpts::new()),
        r#"[["transition",{"transition":[["shake"],[],[]]}]]"#,
    );
    encodes(
        JS::transition(
            ("ease-out duration-300", "opacity-0", "opacity-100"),
            TransitionOpts::to("#x").time(300).blocking(false),
        ),
        r##"[["transition",{"blocking":false,"time":300,"to":"#x","transition":[["ease-out","duration-300"],["opacity-0"],["opacity-100"]]}]]"##,
    );
}

#[test]
fn attribute_operations() {
    encodes(
        JS::set_attribute(("data-x", ""), Target::Source),
        r#"[["set_attr",{"attr":["data-x",""]}]]"#,
    );
    encodes(
        JS::set_attribute(
            (String::from("a"), String::from("b")),
            Target::closest("ul"),
        ),
        r#"[["set_attr",{"attr":["a","b"],"to":{"closest":"ul"}}]]"#,
    );
    encodes(
        JS::remove_attribute("open", "#d"),
        r##"[["remove_attr",{"attr":"open","to":"#d"}]]"##,
    );
    encodes(
        JS::toggle_attribute(("open", "true"), "#d"),
        r##"[["toggle_attr",{"attr":["open","true"],"to":"#d"}]]"##,
    );
    encodes(
        JS::toggle_attribute(
            ToggleAttr::new("data-state", "on", Some("off".into())),
            Target::Source,
        ),
        r#"[["toggle_attr",{"attr":["data-state","on","off"]}]]"#,
    );
    encodes(
        JS::ignore_attributes(["open"], "#dialog"),
        r##"[["ignore_attrs",{"attrs":["open"],"to":"#dialog"}]]"##,
    );
    encodes(
        JS::ignore_attributes(vec![String::from("a"), String::from("b*")], Target::Source),
        r#"[["ignore_attrs",{"attrs":["a","b*"]}]]"#,
    );
    encodes(
        JS::ignore_attributes(Vec::<String>::new(), Target::Source),
        r#"[["ignore_attrs",{"attrs":[]}]]"#,
    );
}

#[test]
fn dispatch_options() {
    encodes(
        JS::dispatch("click", "#upload"),
        r##"[["dispatch",{"event":"click","to":"#upload"}]]"##,
    );
    encodes(
        JS::dispatch("x", DispatchOpts::new()),
        r#"[["dispatch",{"event":"x"}]]"#,
    );
    // `bubbles` only when given, either value.
    encodes(
        JS::dispatch("x", DispatchOpts::new().bubbles(true)),
        r#"[["dispatch",{"bubbles":true,"event":"x"}]]"#,
    );
    // `blocking` only when true.
    encodes(
        JS::dispatch("x", DispatchOpts::new().blocking(true)),
        r#"[["dispatch",{"blocking":true,"event":"x"}]]"#,
    );
    encodes(
        JS::dispatch("x", DispatchOpts::new().blocking(false)),
        r#"[["dispatch",{"event":"x"}]]"#,
    );
    // Detail: pairs and maps merge, sorted; `done` is fine without blocking.
    encodes(
        JS::dispatch(
            "x",
            DispatchOpts::to(Target::closest("form"))
                .detail("b", 1)
                .details(object(json!({"a": {"d": 1, "c": 2}, "done": 0})))
                .blocking(false),
        ),
        r#"[["dispatch",{"detail":{"a":{"c":2,"d":1},"b":1,"done":0},"event":"x","to":{"closest":"form"}}]]"#,
    );
    encodes(
        JS::dispatch(
            "x",
            DispatchOpts::new()
                .detail("n", 1)
                .bubbles(false)
                .blocking(true),
        ),
        r#"[["dispatch",{"blocking":true,"bubbles":false,"detail":{"n":1},"event":"x"}]]"#,
    );
}

#[test]
#[should_panic(expected = "a \"click\" cannot carry a detail")]
fn a_dispatched_click_cannot_carry_a_detail() {
    let _ = JS::dispatch("click", DispatchOpts::new().details(Map::new()));
}

#[test]
#[should_panic(expected = "must not contain a `done` key")]
fn a_blocking_dispatch_detail_cannot_have_done() {
    let _ = JS::dispatch("x", DispatchOpts::new().detail("done", true).blocking(true));
}

#[test]
fn exec_and_focus_operations() {
    encodes(
        JS::exec("phx-remove", Target::Source),
        r#"[["exec",{"attr":"phx-remove"}]]"#,
    );
    encodes(
        JS::exec("data-x", Target::closest(".c")),
        r#"[["exec",{"attr":"data-x","to":{"closest":".c"}}]]"#,
    );
    encodes(JS::focus("#a"), r##"[["focus",{"to":"#a"}]]"##);
    encodes(JS::focus_first(Target::Source), r#"[["focus_first",{}]]"#);
    encodes(JS::push_focus("#a"), r##"[["push_focus",{"to":"#a"}]]"##);
    encodes(JS::new().pop_focus(), r#"[["pop_focus",{}]]"#);
}

#[test]
fn json_escaping_matches_serde_json_and_leaves_slash_and_unicode() {
    let tricky = "a\"b\\c/d\u{e9}\u{1F600}\n\t\u{1}<&>'";
    let cmd = JS::push_with(tricky, PushOpts::new().value(tricky, tricky));
    let escaped = serde_json::to_string(tricky).expect("a string");
    assert_eq!(
        cmd.to_json(),
        format!(r#"[["push",{{"event":{escaped},"value":{{{escaped}:{escaped}}}}}]]"#)
    );
    assert!(escaped.contains('/') && escaped.contains('\u{e9}') && escaped.contains("\\u0001"));
    // The JSON round-trips.
    let back: Value = serde_json::from_str(&cmd.to_json()).expect("valid JSON");
    assert_eq!(back[0][1]["event"], tricky);
    // Numbers as serde_json writes them.
    encodes(
        JS::push_with(
            "n",
            PushOpts::new()
                .value("f", 0.1)
                .value("i", -7)
                .value("u", u64::MAX),
        ),
        r#"[["push",{"event":"n","value":{"f":0.1,"i":-7,"u":18446744073709551615}}]]"#,
    );
}

#[test]
fn attribute_rendering_html_escapes_the_json() {
    let cmd = JS::push_with(
        "say",
        PushOpts::new().value("text", "Tom & Jerry's <b>\"hi\"</b>"),
    );
    let attr = cmd.render_attr("phx-click");
    assert_eq!(
        attr,
        r#" phx-click="[[&quot;push&quot;,{&quot;event&quot;:&quot;say&quot;,&quot;value&quot;:{&quot;text&quot;:&quot;Tom &amp; Jerry&#39;s &lt;b&gt;\&quot;hi\&quot;&lt;/b&gt;&quot;}}]]""#
    );
    // Unescaping the attribute gives back the JSON exactly.
    let inner = attr
        .trim_start_matches(" phx-click=\"")
        .trim_end_matches('"')
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    assert_eq!(inner, cmd.to_json());
    assert_eq!(JS::new().render_attr("phx-click"), r#" phx-click="[]""#);
    assert_eq!(None::<JsCommand>.render_attr("phx-click"), "");
    assert_eq!(
        Some(JS::pop_focus()).render_attr("x"),
        JS::pop_focus().render_attr("x")
    );
    assert_eq!(
        AttrValue::render_attr(&&JS::pop_focus(), "x"),
        JS::pop_focus().render_attr("x")
    );
    assert_eq!(JS::pop_focus().to_string(), JS::pop_focus().to_json());
}

fn modal(open: bool) -> Rendered {
    let close = JS::hide("#modal").pop_focus();
    html! {
        <div id="modal" phx-remove={JS::hide("#modal")}>
            <button phx-click={close} phx-mounted={open.then(|| JS::focus(Target::Source))}>"x"</button>
        </div>
    }
}

#[test]
fn commands_in_templates_and_diffs() {
    let html = modal(true).to_html();
    assert_eq!(
        html,
        r##"<div id="modal" phx-remove="[[&quot;hide&quot;,{&quot;to&quot;:&quot;#modal&quot;}]]"><button phx-click="[[&quot;hide&quot;,{&quot;to&quot;:&quot;#modal&quot;}],[&quot;pop_focus&quot;,{}]]" phx-mounted="[[&quot;focus&quot;,{}]]">x</button></div>"##
    );
    // An absent command drops the attribute.
    assert!(!modal(false).to_html().contains("phx-mounted"));
    // In the diff JSON the attribute travels as one dynamic string with its leading space.
    let mut client = live_core::diff::ClientTree::default();
    let diff = client.diff(&modal(true)).expect("a diff");
    let diff: Value = serde_json::from_str(&diff).expect("JSON");
    assert_eq!(
        diff["0"],
        r##" phx-remove="[[&quot;hide&quot;,{&quot;to&quot;:&quot;#modal&quot;}]]""##
    );
    assert_eq!(diff["2"], r#" phx-mounted="[[&quot;focus&quot;,{}]]""#);
}

#[test]
fn every_op_at_once_snapshot() {
    // One operation per line, for reading; the lines are the exact bytes of the command.
    let json = every_op().to_json();
    let ops: Vec<Value> = serde_json::from_str(&json).expect("JSON");
    let lines: Vec<String> = ops
        .iter()
        .map(|op| JsCommand::to_json(&single(op)))
        .collect();
    assert_eq!(
        format!(
            "[{}]",
            lines
                .iter()
                .map(|l| &l[1..l.len() - 1])
                .collect::<Vec<_>>()
                .join(",")
        ),
        json
    );
    insta::assert_snapshot!(lines.join("\n"));
}

/// Rebuilds the one-op command `op` (an `[name, args]` pair) through the public builder, so the
/// snapshot lines come from `to_json` too.
fn single(op: &Value) -> JsCommand {
    let name = op[0].as_str().expect("op name");
    let args = &op[1];
    let text = |key: &str| args[key].as_str().map(str::to_owned);
    let to = || match &args["to"] {
        Value::String(selector) => Target::from(selector),
        Value::Object(scope) if scope.contains_key("closest") => {
            Target::closest(scope["closest"].as_str().expect("selector"))
        }
        Value::Object(scope) => Target::inner(scope["inner"].as_str().expect("selector")),
        _ => Target::Source,
    };
    let list = |value: &Value| -> String {
        value
            .as_array()
            .expect("a list")
            .iter()
            .map(|v| v.as_str().expect("a name"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let transition = |key: &str| {
        args.get(key)
            .map(|t| Transition::new(&list(&t[0]), &list(&t[1]), &list(&t[2])))
    };
    let time = args["time"].as_u64();
    let blocking = args["blocking"].as_bool();
    match name {
        "push" => {
            let mut opts = PushOpts::new();
            if let Some(value) = args.get("value") {
                opts = opts.values(object(value.clone()));
            }
            match &args["target"] {
                Value::Number(cid) => opts = opts.target(cid.as_u64().expect("cid")),
                Value::String(selector) => opts = opts.target(selector),
                _ => {}
            }
            if let Some(loading) = text("loading") {
                opts = opts.loading(loading);
            }
            if let Some(page_loading) = args["page_loading"].as_bool() {
                opts = opts.page_loading(page_loading);
            }
            JS::push_with(text("event").expect("event"), opts)
        }
        "navigate" | "patch" => {
            let href = text("href").expect("href");
            match (name, args["replace"].as_bool().expect("replace")) {
                ("navigate", false) => JS::navigate(href),
                ("navigate", true) => JS::navigate_replace(href),
                (_, false) => JS::patch(href),
                (_, true) => JS::patch_replace(href),
            }
        }
        "show" => {
            let mut opts = ShowOpts::to(to());
            if let Some(display) = text("display") {
                opts = opts.display(display);
            }
            if let Some(t) = transition("transition") {
                opts = opts.transition(t);
            }
            if let Some(time) = time {
                opts = opts.time(time);
            }
            if let Some(blocking) = blocking {
                opts = opts.blocking(blocking);
            }
            JS::show(opts)
        }
        "hide" => {
            let mut opts = HideOpts::to(to());
            if let Some(t) = transition("transition") {
                opts = opts.transition(t);
            }
            if let Some(time) = time {
                opts = opts.time(time);
            }
            if let Some(blocking) = blocking {
                opts = opts.blocking(blocking);
            }
            JS::hide(opts)
        }
        "toggle" => {
            let mut opts = ToggleOpts::to(to());
            if let Some(t) = transition("ins") {
                opts = opts.ins(t);
            }
            if let Some(t) = transition("outs") {
                opts = opts.outs(t);
            }
            if let Some(time) = time {
                opts = opts.time(time);
            }
            JS::toggle(opts)
        }
        "add_class" | "remove_class" | "toggle_class" => {
            let mut opts = ClassOpts::to(to());
            if let Some(t) = transition("transition") {
                opts = opts.transition(t);
            }
            if let Some(time) = time {
                opts = opts.time(time);
            }
            if let Some(blocking) = blocking {
                opts = opts.blocking(blocking);
            }
            let names = list(&args["names"]);
            match name {
                "add_class" => JS::add_class(&names, opts),
                "remove_class" => JS::remove_class(&names, opts),
                _ => JS::toggle_class(&names, opts),
            }
        }
        "transition" => JS::transition(
            transition("transition").expect("transition"),
            TransitionOpts::to(to()),
        ),
        "set_attr" => JS::set_attribute(
            (
                args["attr"][0].as_str().expect("name"),
                args["attr"][1].as_str().expect("value"),
            ),
            to(),
        ),
        "remove_attr" => JS::remove_attribute(text("attr").expect("attr"), to()),
        "toggle_attr" => {
            let attr = &args["attr"];
            JS::toggle_attribute(
                ToggleAttr::new(
                    attr[0].as_str().expect("name"),
                    attr[1].as_str().expect("value"),
                    attr[2].as_str().map(str::to_owned),
                ),
                to(),
            )
        }
        "ignore_attrs" => JS::ignore_attributes(list(&args["attrs"]).split(' '), to()),
        "dispatch" => {
            let mut opts = DispatchOpts::to(to());
            if let Some(detail) = args.get("detail") {
                opts = opts.details(object(detail.clone()));
            }
            if let Some(bubbles) = args["bubbles"].as_bool() {
                opts = opts.bubbles(bubbles);
            }
            if let Some(blocking) = blocking {
                opts = opts.blocking(blocking);
            }
            JS::dispatch(text("event").expect("event"), opts)
        }
        "exec" => JS::exec(text("attr").expect("attr"), to()),
        "focus" => JS::focus(to()),
        "focus_first" => JS::focus_first(to()),
        "push_focus" => JS::push_focus(to()),
        "pop_focus" => JS::pop_focus(),
        other => panic!("unknown op {other}"),
    }
}

/// One command with every operation of LiveView 1.2, each with its options.
fn every_op() -> JsCommand {
    JS::push_with(
        "save",
        PushOpts::new()
            .value("id", 1)
            .target(2)
            .loading("#f")
            .page_loading(true),
    )
    .navigate("/a")
    .patch_replace("/b?c=d")
    .show(
        ShowOpts::to("#s")
            .display("flex")
            .transition(("r", "s", "e"))
            .time(1)
            .blocking(false),
    )
    .hide(HideOpts::to(Target::closest(".h")).transition("out"))
    .toggle(ToggleOpts::to(Target::inner(".t")).ins("i").outs("o"))
    .add_class("a b", "#c")
    .remove_class("a", ClassOpts::new().time(5))
    .toggle_class("t", ClassOpts::to("#c").blocking(true))
    .transition("shake", TransitionOpts::to("#x"))
    .set_attribute(("k", "v"), "#x")
    .remove_attribute("k", "#x")
    .toggle_attribute(("k", "1", "2"), "#x")
    .ignore_attributes(["open"], "#x")
    .dispatch(
        "app:e",
        DispatchOpts::to("#x")
            .detail("d", true)
            .bubbles(false)
            .blocking(true),
    )
    .exec("data-js", "#x")
    .focus("#x")
    .focus_first("#x")
    .push_focus(Target::Source)
    .pop_focus()
}
