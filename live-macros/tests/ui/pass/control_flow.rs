//! Tricky control-flow syntax that must compile.
use live_core::{html, Rendered};

enum Shape {
    Circle { r: f64 },
    Square(f64),
}

fn shapes(list: &[Shape], show: bool) -> Rendered {
    html! {
        // `:for` + `:if` + `:key` on one tag, with a destructuring pattern.
        <ul :if={show}>
            <li :for={(i, s) in list.iter().enumerate()} :if={i < 10} :key={i}>
                {match s {
                    Shape::Circle { r } if *r > 1.0 => { big circle {r} }
                    Shape::Circle { .. } => { circle },
                    Shape::Square(side) => { <b>square {side}</b> }
                }}
            </li>
        </ul>
        // `if let` with else-if chains and an expression `if` in parentheses.
        {if let Some(first) = list.first() {
            {(if matches!(first, Shape::Square(_)) { "sq" } else { "other" })}
        } else if list.is_empty() { empty } else { "?" }}
        // A keyed block `for` whose body has several roots.
        {for (i, _) in list.iter().enumerate(), key = i { <dt>{i}</dt><dd>x</dd> }}
    }
}

fn main() {
    let html = shapes(&[Shape::Circle { r: 2.0 }, Shape::Square(1.0)], true).to_html();
    assert!(html.contains("big circle 2"), "{html}");
}
