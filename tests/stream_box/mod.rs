//! A LiveComponent holding a stream, for the tests of streams inside components
//! (tests/component_streams.rs, tests/browser_streams.rs).
//!
//! The page [`Shelf`] renders the component [`ItemBox`] (id `"box"`) and can take it off the
//! page and put it back (`#toggle`) or change its title (`#retitle`). The component's stream
//! `items` starts with items 1 and 2; every button inside it targets it (`phx-target={@myself}`)
//! and performs one stream operation: appends and inserts at the top or at index 1, with and
//! without a limit, many at once, an upsert in place (`#rename-2`), an update-only insert
//! (`#touch-2`, `#touch-99`), configuring the stream's limit, a delete by DOM id, a reset, and
//! each row's own delete button.

use live_core::live_component::ComponentSocket;
use live_core::stream::Placement;
use live_core::{
    html, Assigns, Event, LiveComponent, LiveView, Params, Rendered, Session, Socket, Stream,
    ViewError,
};
use live_server::Router;

/// One streamed row.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) id: u32,
    pub(crate) title: String,
}

fn item(id: u32, title: impl Into<String>) -> Item {
    Item {
        id,
        title: title.into(),
    }
}

/// The component owning the stream.
#[derive(LiveComponent)]
pub(crate) struct ItemBox {
    pub(crate) items: Stream<Item>,
    title: String,
    next: u32,
    renames: u32,
}

/// What the page gives the component.
pub(crate) struct BoxAttrs {
    pub(crate) title: String,
}

impl LiveComponent for ItemBox {
    type Attrs = BoxAttrs;

    fn mount(attrs: &BoxAttrs, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        let mut items = Stream::new("items", |item: &Item| item.id);
        items.insert_many([item(1, "Item 1"), item(2, "Item 2")]);
        Ok(ItemBox {
            items,
            title: attrs.title.clone(),
            next: 3,
            renames: 0,
        })
    }

    fn update(
        assigns: &mut Assigns<Self>,
        attrs: BoxAttrs,
        _: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        assigns.set_title(attrs.title);
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        let params = event.params();
        let at: i32 = params.get("at").unwrap_or(-1);
        let limit: Option<i32> = params.get("limit").ok();
        let id: u32 = params.get("id").unwrap_or(0);
        let next = assigns.next;
        match event.name() {
            "insert" => {
                let mut placement = Placement::index(at);
                if let Some(limit) = limit {
                    placement = placement.limit(limit);
                }
                assigns.set_next(next + 1);
                assigns
                    .update_items(|s| s.insert_with(item(next, format!("Item {next}")), placement));
            }
            "many" => {
                assigns.set_next(next + 3);
                assigns.update_items(|s| {
                    s.insert_many((next..next + 3).map(|n| item(n, format!("Item {n}"))))
                });
            }
            "rename" => {
                let renames = assigns.renames + 1;
                assigns.set_renames(renames);
                // An upsert: the row keeps its place whatever `at` says.
                assigns.update_items(|s| {
                    s.insert_at(0, item(id, format!("Renamed {id} ({renames})")))
                });
            }
            "touch" => assigns.update_items(|s| s.update(item(id, format!("Touched {id}")))),
            "configure" => assigns.update_items(|s| s.set_limit(limit)),
            "delete" => assigns.update_items(|s| s.delete(&item(id, ""))),
            "delete_dom" => {
                let dom_id = params.get_str("dom").unwrap_or_default().to_owned();
                assigns.update_items(|s| s.delete_by_dom_id(dom_id));
            }
            "reset" => {
                assigns.set_next(next + 1);
                assigns.update_items(|s| s.reset_with([item(next, format!("Item {next}"))]));
            }
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <section id="box">
                <h2 id="box-title">{@title.as_str()}</h2>
                <nav>
                    <button id="append" phx-click="insert" phx-target={@myself}>append</button>
                    <button id="prepend" phx-click="insert" phx-value-at="0" phx-target={@myself}>prepend</button>
                    <button id="insert-at-1" phx-click="insert" phx-value-at="1" phx-target={@myself}>at 1</button>
                    <button id="prepend-limit" phx-click="insert" phx-value-at="0" phx-value-limit="3" phx-target={@myself}>prepend, keep 3</button>
                    <button id="append-limit" phx-click="insert" phx-value-at="-1" phx-value-limit="-3" phx-target={@myself}>append, keep last 3</button>
                    <button id="many" phx-click="many" phx-target={@myself}>three more</button>
                    <button id="rename-2" phx-click="rename" phx-value-id="2" phx-target={@myself}>rename 2</button>
                    <button id="touch-2" phx-click="touch" phx-value-id="2" phx-target={@myself}>touch 2</button>
                    <button id="touch-99" phx-click="touch" phx-value-id="99" phx-target={@myself}>touch 99</button>
                    <button id="configure" phx-click="configure" phx-value-limit="-4" phx-target={@myself}>keep last 4</button>
                    <button id="delete-dom-1" phx-click="delete_dom" phx-value-dom="items-1" phx-target={@myself}>delete items-1</button>
                    <button id="reset" phx-click="reset" phx-target={@myself}>reset</button>
                </nav>
                <ul id="items" phx-update="stream">
                    <li :for={(dom_id, item) in @items.iter()} id={dom_id}>
                        <span class="title">{item.title.as_str()}</span>
                        <button phx-click="delete" phx-value-id={item.id} phx-target={@myself}>delete</button>
                    </li>
                </ul>
            </section>
        }
    }
}

/// The page holding the component.
#[derive(LiveView)]
pub(crate) struct Shelf {
    shown: bool,
    title: String,
}

impl LiveView for Shelf {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Shelf {
            shown: true,
            title: "Items".into(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "toggle" => assigns.update_shown(|shown| *shown = !*shown),
            "retitle" => assigns.update_title(|title| title.push('!')),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main id="shelf">
                <button id="toggle" phx-click="toggle">toggle</button>
                <button id="retitle" phx-click="retitle">retitle</button>
                {if @shown {
                    <.live_component module={ItemBox} id="box" title={@title.clone()}/>
                } else {
                    <p id="hidden">hidden</p>
                }}
            </main>
        }
    }
}

/// The shelf at `/`.
pub(crate) fn shelf() -> Router {
    Router::new().live::<Shelf>("/")
}
