//! The async demo: a forecast loaded by a slow background task, a task that fails, and a button
//! that starts a named task whose outcome arrives in `handle_async`. The page stays interactive
//! while the tasks run; a failure (or a panic) shows as an error state, never a crash.
//!
//! ```
//! use live_core::{runtime::ViewRuntime, AsyncResult, Params, Session};
//! // Disconnected (the HTTP render), nothing runs: every async assign shows its loading state.
//! let mut view = ViewRuntime::<async_demo::Weather>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! assert!(view.take_commands().commands.is_empty());
//! let html = view.render_html();
//! assert!(html.contains("<span id=\"forecast\">Loading the forecast…</span>"), "{html}");
//! assert!(html.contains("<span id=\"alerts\">Loading alerts…</span>"), "{html}");
//! # Ok::<(), live_core::ViewError>(())
//! ```

use std::time::Duration;

use live_core::components::{button, header, icon, list};
use live_core::{
    html, Assigns, AsyncOutcome, AsyncResult, Event, LiveView, Params, Rendered, Session, Socket,
    ViewError,
};
use live_server::Router;

/// How long the forecast "service" takes to answer.
pub const FORECAST_DELAY: Duration = Duration::from_millis(800);

/// A weather page whose data comes from background tasks.
#[derive(LiveView)]
pub struct Weather {
    forecast: AsyncResult<String>,
    alerts: AsyncResult<Vec<String>>,
    refreshes: u32,
    refresh_status: String,
}

/// Asks the (simulated) forecast service.
async fn fetch_forecast() -> Result<String, String> {
    tokio::time::sleep(FORECAST_DELAY).await;
    Ok("Sunny, 24 °C".to_owned())
}

/// Asks the (simulated) alerts service, which is down.
async fn fetch_alerts() -> Result<Vec<String>, String> {
    tokio::time::sleep(Duration::from_millis(300)).await;
    Err("the alerts service is unavailable".to_owned())
}

fn describe<T>(result: &AsyncResult<T>, loading: &str, show: impl Fn(&T) -> String) -> String {
    match result {
        AsyncResult::Loading => loading.to_owned(),
        AsyncResult::Ok(value) => show(value),
        AsyncResult::Failed(why) => format!("Error: {why}"),
    }
}

impl LiveView for Weather {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.assign_async(
            |assigns, forecast| assigns.set_forecast(forecast),
            fetch_forecast(),
        );
        socket.assign_async(|assigns, alerts| assigns.set_alerts(alerts), fetch_alerts());
        Ok(Weather {
            forecast: AsyncResult::Loading,
            alerts: AsyncResult::Loading,
            refreshes: 0,
            refresh_status: "idle".to_owned(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() == "refresh" {
            assigns.set_refresh_status("refreshing…".to_owned());
            socket.start_async("refresh", async {
                tokio::time::sleep(Duration::from_millis(200)).await;
                Ok::<_, String>(1u32)
            });
        }
        Ok(())
    }

    fn handle_async(
        assigns: &mut Assigns<Self>,
        name: &str,
        outcome: AsyncOutcome,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if name == "refresh" {
            match outcome.into_result::<u32>() {
                Ok(n) => {
                    assigns.update_refreshes(|r| *r += n);
                    assigns.set_refresh_status("done".to_owned());
                }
                Err(why) => assigns.set_refresh_status(format!("failed: {why}")),
            }
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main id="weather">
                <.header>
                    Weather
                    <:subtitle>Loaded in the background: assign_async and start_async</:subtitle>
                    <:actions><.button id="refresh" type="button" variant="secondary" phx-click="refresh"><.icon name="refresh"/>Refresh</.button></:actions>
                </.header>
                <.list>
                    <:item title="Forecast"><span id="forecast">{describe(&@forecast, "Loading the forecast…", |f| f.clone())}</span></:item>
                    <:item title="Alerts"><span id="alerts">{describe(&@alerts, "Loading alerts…", |a| a.join(", "))}</span></:item>
                    <:item title="Refreshes"><span id="refresh-status">{@refresh_status} ({@refreshes})</span></:item>
                </.list>
            </main>
        }
    }
}

/// The demo's routes: the weather page at `/`.
pub fn router() -> Router {
    Router::new().live::<Weather>("/")
}
