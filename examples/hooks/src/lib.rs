//! The hooks demo: client-side JavaScript hooks (`phx-hook`) talking to a view.
//!
//! The hooks live in [`HEAD`], added to the page `<head>` with
//! `live_server::Config::head_html`: it defines `window.liveHooks`, which the client bundle
//! registers when it starts.
//!
//! - `Dice` (on `#dice`): its button calls `this.pushEvent("roll", {sides: 6}, onReply)`. The
//!   event arrives with `type` `"hook"`; the view answers with [`Socket::reply`]
//!   (`{"value": 4}`, the top-level `r` of the reply diff), which the hook shows. The view also
//!   calls [`Socket::push_event`]`("rolled", {"total": …})` (the top-level `e`), which the hook
//!   receives through `this.handleEvent("rolled", …)`.
//! - `Pinger` (on `#pinger`): `this.pushEventTo(".panel", "ping", {from: "pinger"})` sends one
//!   event per element matching the selector — here two panels of this view, so two events to
//!   this view (no `cid`: the panels are not in a component) — and shows both replies.
//!
//! What the hooks write sits inside `phx-update="ignore"` containers, so server patches leave it
//! alone.
//!
//! ```
//! use live_core::{runtime::ViewRuntime, Event, Params, Session};
//! use serde_json::json;
//! let mut view = ViewRuntime::<hooks::Hooks>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! view.join_rendered();
//! view.handle_event(&Event::new("hook", "roll", json!({"sides": 6})))?;
//! let diff = view.render_diff().expect("a reply");
//! assert!(diff.contains(r#""r":{"value":"#), "{diff}");
//! assert!(diff.contains(r#""e":[["rolled",{"total":"#), "{diff}");
//! # Ok::<(), live_core::ViewError>(())
//! ```

use live_core::components::header;
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::Router;
use serde_json::{json, Map, Value};

/// The hooks (`window.liveHooks`) and styles, for `live_server::Config::head_html`.
pub const HEAD: &str = r##"<style>
.panel { display: inline-block; padding: 0.5rem 1rem; margin: 0.5rem 0.5rem 0.5rem 0; background: var(--accent-soft); border-radius: 8px; }
</style>
<script>
window.liveHooks = {
  // Pushes "roll" and shows the reply; shows the running total the server pushes as "rolled".
  Dice: {
    mounted() {
      this.el.querySelector("#roll").addEventListener("click", () => {
        const sides = Number(this.el.dataset.sides);
        this.pushEvent("roll", { sides }, (reply) => {
          this.el.querySelector("#roll-reply").textContent = "You rolled " + reply.value;
        });
      });
      this.handleEvent("rolled", ({ total }) => {
        this.el.querySelector("#pushed-total").textContent = "Total so far: " + total;
      });
    },
  },
  // Pushes "ping" to every element matching data-targets and lists the replies.
  Pinger: {
    mounted() {
      this.el.querySelector("#ping").addEventListener("click", async () => {
        const results = await this.pushEventTo(this.el.dataset.targets, "ping", { from: this.el.id });
        this.el.querySelector("#ping-replies").textContent = results
          .map((result) => (result.status === "fulfilled" ? "pong " + result.value.reply.pong : result.status))
          .join(", ");
      });
    },
  },
};
</script>
"##;

/// Dice rolled by a hook, and pings sent to panels by selector.
#[derive(LiveView)]
pub struct Hooks {
    rolls: u32,
    last: u64,
    total: u64,
    seed: u64,
    pings: u32,
}

/// The next pseudo-random number of a tiny linear congruential generator (deterministic, so the
/// demo's tests know nothing about randomness).
fn next(seed: u64) -> u64 {
    seed.wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407)
}

fn reply(key: &str, value: impl Into<Value>) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert(key.to_owned(), value.into());
    map
}

impl LiveView for Hooks {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Hooks {
            rolls: 0,
            last: 0,
            total: 0,
            seed: 42,
            pings: 0,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "roll" => {
                let sides = event.value()["sides"].as_u64().unwrap_or(6).clamp(2, 100);
                let seed = next(assigns.seed);
                let value = (seed >> 33) % sides + 1;
                assigns.set_seed(seed);
                assigns.set_last(value);
                assigns.update_total(|total| *total += value);
                assigns.update_rolls(|rolls| *rolls += 1);
                socket.reply(reply("value", value));
                socket.push_event("rolled", json!({"total": assigns.total}));
            }
            "ping" => {
                assigns.update_pings(|pings| *pings += 1);
                socket.reply(reply("pong", assigns.pings));
            }
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main id="hooks-demo">
                <.header>"Hooks"<:subtitle>"Client code next to the server: pushes, replies and server events."</:subtitle></.header>
                <div id="dice" class="card" phx-hook="Dice" data-sides="6">
                    <button id="roll" class="btn btn-primary">"Roll a die"</button>
                    <div id="dice-out" phx-update="ignore">
                        <p id="roll-reply"></p>
                        <p id="pushed-total"></p>
                    </div>
                    <p>"Server: "<span id="rolls">{@rolls}</span>" rolls, last "
                        <span id="last-roll">{@last}</span>", total "<span id="total">{@total}</span></p>
                </div>
                <div id="pinger" class="card" phx-hook="Pinger" data-targets=".panel">
                    <button id="ping" class="btn btn-secondary">"Ping the panels"</button>
                    <p id="ping-replies" phx-update="ignore"></p>
                    <div id="panel-a" class="panel">"Panel A"</div>
                    <div id="panel-b" class="panel">"Panel B"</div>
                    <p>"Server: "<span id="pings">{@pings}</span>" pings"</p>
                </div>
            </main>
        }
    }
}

/// The demo's routes: the page at `/`.
pub fn router() -> Router {
    Router::new().live::<Hooks>("/")
}
