//! The components of one view: their state, what the client holds of each, cids, and the
//! render scope through which a template's `<.live_component>` calls reach them.

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use super::socket::{ComponentSocket, Update};
use super::{type_key, LiveComponent};
use crate::assigns::Assigns;
use crate::async_result::AsyncOutcome;
use crate::diff::ClientTree;
use crate::escape::escape_html_into;
use crate::event::Event;
use crate::rendered::{Dynamic, Rendered};
use crate::socket::{Command, Effects, MessageSink, Navigation, TimerIds};
use crate::view::ViewError;

/// What components need of their view: whether it is connected, where its messages go, and
/// its id (for the attributes of a component's root element).
#[derive(Clone)]
pub(crate) struct Ctx {
    pub(crate) connected: bool,
    pub(crate) sink: Option<Arc<dyn MessageSink>>,
    pub(crate) view_id: String,
    /// The view's timer ids (a component's `send_update_after` returns one).
    pub(crate) timers: TimerIds,
}

/// What component callbacks asked for, for the view's socket to take over.
#[derive(Default)]
pub(crate) struct Drained {
    pub(crate) effects: Effects,
    pub(crate) commands: Vec<Command>,
    pub(crate) navigation: Option<Navigation>,
    pub(crate) updates: Vec<ComponentUpdate>,
}

impl Drained {
    pub(crate) fn add_effects(&mut self, effects: Effects) {
        if effects.reply.is_some() {
            self.effects.reply = effects.reply;
        }
        if effects.title.is_some() {
            self.effects.title = effects.title;
        }
        self.effects.events.extend(effects.events);
    }
}

/// An update for the component of a type with an id: what `send_update` queues, and the
/// message [`ViewHandle::send_update`](crate::socket::ViewHandle::send_update) and timers
/// deliver to the view.
///
/// ```
/// use live_core::live_component::ComponentUpdate;
/// # use live_core::{html, Assigns, LiveComponent, Rendered, ViewError};
/// # use live_core::live_component::ComponentSocket;
/// # #[derive(LiveComponent)] struct Row { n: u32 }
/// # impl LiveComponent for Row {
/// #     type Attrs = u32;
/// #     fn mount(n: &u32, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> { Ok(Row { n: *n }) }
/// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <b>{@n}</b> } }
/// # }
/// let update = ComponentUpdate::new::<Row>("row-1", 5);
/// assert_eq!(update.id(), "row-1");
/// ```
pub struct ComponentUpdate {
    component: TypeId,
    name: &'static str,
    id: String,
    apply: ApplyUpdate,
}

/// Runs a component's `update` with the attributes of a [`ComponentUpdate`].
type ApplyUpdate = Box<
    dyn FnOnce(&mut dyn AnyComponent, u32, &str, &Ctx, &mut Drained) -> Result<(), ViewError>
        + Send,
>;

impl std::fmt::Debug for ComponentUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComponentUpdate")
            .field("component", &self.name)
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl ComponentUpdate {
    /// `attrs` for the `update` of the component of type `C` with `id`.
    pub fn new<C: LiveComponent>(id: impl Into<String>, attrs: C::Attrs) -> Self {
        ComponentUpdate {
            component: type_key::<C>(),
            name: std::any::type_name::<C>(),
            id: id.into(),
            apply: Box::new(move |component, cid, id, ctx, drained| {
                let state = state_mut::<C>(component)?;
                let mut socket = ComponentSocket::<C>::attached(cid, id, ctx);
                // Through `update_many`, as a render's updates are (it calls `update` by default).
                let result = C::update_many(vec![Update {
                    assigns: &mut state.assigns,
                    attrs,
                    socket: &mut socket,
                }]);
                socket.drain_into(drained);
                result
            }),
        }
    }

    /// The id of the component it is for.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// The outcome of a component's task, delivered to its view (then to the component's
/// `handle_async`).
pub struct ComponentAsync {
    pub(crate) cid: u32,
    pub(crate) name: String,
    pub(crate) outcome: AsyncOutcome,
}

impl std::fmt::Debug for ComponentAsync {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComponentAsync")
            .field("cid", &self.cid)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Why a component update or task outcome was dropped: the component is gone.
///
/// ```
/// use live_core::live_component::ComponentGone;
/// let gone = ComponentGone("Row \"row-3\"".into());
/// assert_eq!(gone.to_string(), "no component Row \"row-3\" in this view (dropped)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentGone(pub String);

impl std::fmt::Display for ComponentGone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no component {} in this view (dropped)", self.0)
    }
}

impl std::error::Error for ComponentGone {}

/// A component's state, erased.
pub(crate) trait AnyComponent: Send {
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
    fn name(&self) -> &'static str;
    fn handle_event(
        &mut self,
        event: &Event,
        cid: u32,
        id: &str,
        ctx: &Ctx,
        drained: &mut Drained,
    ) -> Result<(), ViewError>;
    fn handle_async(
        &mut self,
        name: &str,
        outcome: AsyncOutcome,
        cid: u32,
        id: &str,
        ctx: &Ctx,
        drained: &mut Drained,
    ) -> Result<(), ViewError>;
    /// Runs `f` on the component's upload `upload_ref` and marks it changed when `f` returns
    /// true; `None` when the component has no such upload.
    fn with_upload(
        &mut self,
        upload_ref: &str,
        f: &mut dyn FnMut(&mut crate::Upload) -> bool,
    ) -> Option<bool>;
    fn handle_progress(
        &mut self,
        progress: &crate::upload::UploadProgress,
        cid: u32,
        id: &str,
        ctx: &Ctx,
        drained: &mut Drained,
    ) -> Result<(), ViewError>;
    fn changed(&self) -> bool;
    /// Renders the slots whose assigns changed (all of them with `full`).
    fn render(&mut self, full: bool) -> Rendered;
    /// After a render was sent: changes are cleared, temporary assigns reset.
    fn settle(&mut self);
    /// The component's HTML for a static render; what changed since the client's copy stays
    /// marked.
    fn render_html(&mut self) -> String;
}

struct State<C: LiveComponent> {
    assigns: Assigns<C>,
}

fn state_mut<C: LiveComponent>(
    component: &mut dyn AnyComponent,
) -> Result<&mut State<C>, ViewError> {
    component
        .as_any_mut()
        .downcast_mut::<State<C>>()
        .ok_or_else(|| ViewError::new("a component's state is not of its type"))
}

impl<C: LiveComponent> State<C> {
    /// Runs one callback of the component with its socket attached, then hands what the socket
    /// gathered (pushes, updates, navigation) to `drained`.
    fn with_socket<R>(
        &mut self,
        cid: u32,
        id: &str,
        ctx: &Ctx,
        drained: &mut Drained,
        callback: impl FnOnce(&mut Assigns<C>, &mut ComponentSocket<C>) -> R,
    ) -> R {
        let mut socket = ComponentSocket::<C>::attached(cid, id, ctx);
        let result = callback(&mut self.assigns, &mut socket);
        socket.drain_into(drained);
        result
    }
}

impl<C: LiveComponent> AnyComponent for State<C> {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
    fn name(&self) -> &'static str {
        std::any::type_name::<C>()
    }
    fn handle_event(
        &mut self,
        event: &Event,
        cid: u32,
        id: &str,
        ctx: &Ctx,
        drained: &mut Drained,
    ) -> Result<(), ViewError> {
        self.with_socket(cid, id, ctx, drained, |assigns, socket| {
            C::handle_event(assigns, event, socket)
        })
    }
    fn handle_async(
        &mut self,
        name: &str,
        outcome: AsyncOutcome,
        cid: u32,
        id: &str,
        ctx: &Ctx,
        drained: &mut Drained,
    ) -> Result<(), ViewError> {
        self.with_socket(cid, id, ctx, drained, |assigns, socket| {
            C::handle_async(assigns, name, outcome, socket)
        })
    }
    fn with_upload(
        &mut self,
        upload_ref: &str,
        f: &mut dyn FnMut(&mut crate::Upload) -> bool,
    ) -> Option<bool> {
        let (state, changed) = self.assigns.__parts_mut();
        let mut outcome = None;
        state.visit_uploads(&mut |upload, bit| {
            if outcome.is_none() && upload.reference() == upload_ref {
                let change = f(upload);
                if change {
                    changed.mark(bit);
                }
                outcome = Some(change);
            }
        });
        outcome
    }
    fn handle_progress(
        &mut self,
        progress: &crate::upload::UploadProgress,
        cid: u32,
        id: &str,
        ctx: &Ctx,
        drained: &mut Drained,
    ) -> Result<(), ViewError> {
        self.with_socket(cid, id, ctx, drained, |assigns, socket| {
            C::handle_progress(assigns, progress, socket)
        })
    }
    fn changed(&self) -> bool {
        !self.assigns.changed().is_empty()
    }
    fn render(&mut self, full: bool) -> Rendered {
        if full {
            self.assigns.mark_all_changed();
        }
        C::render(&self.assigns)
    }
    fn settle(&mut self) {
        self.assigns.clear_changed();
        self.assigns.after_render();
    }
    fn render_html(&mut self) -> String {
        let pending = self.assigns.changed();
        self.assigns.mark_all_changed();
        let html = crate::static_render::render_to_string(|| C::render(&self.assigns));
        *self.assigns.__parts_mut().1 = pending;
        html
    }
}

/// One component of the view.
struct Slot {
    component: Box<dyn AnyComponent>,
    /// The key of `ids` naming it.
    kind: TypeId,
    id: Box<str>,
    /// What the client holds of its render.
    tree: ClientTree,
    /// The client asked to destroy it (`cids_will_destroy`) and it was not rendered since.
    dying: bool,
    /// Queued in `dirty`.
    queued: bool,
}

/// A `<.live_component>` rendered by a template: its cid and attributes, applied once the
/// template's render is done.
pub(crate) struct PendingCall {
    cid: u32,
    kind: TypeId,
    id: Box<str>,
    attrs: Option<Box<dyn Any + Send>>,
    batch: BatchFn,
}

type BatchFn = fn(&mut Components, Vec<PendingCall>, &Ctx, &mut Drained) -> Result<(), ViewError>;

/// How many times one render may update components that render each other before it is
/// stopped as a cycle.
const MAX_RENDERS_PER_COMPONENT: u32 = 2;

/// The components of one view.
#[derive(Default)]
pub(crate) struct Components {
    slots: HashMap<u32, Slot>,
    ids: HashMap<(TypeId, Box<str>), u32>,
    /// The last cid given out (cids start at 1 and are never reused).
    last_cid: u32,
    /// Components to render (their state may have changed).
    dirty: VecDeque<u32>,
    /// For a statics fingerprint, a component the client holds with those statics (for
    /// `"s": -cid`).
    exemplars: HashMap<u64, u32>,
}

impl Components {
    /// How many components the view holds.
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// The state of the component of type `C` with `id`, if the view holds it.
    pub(crate) fn state<C: LiveComponent>(&self, id: &str) -> Option<&Assigns<C>> {
        let cid = self.ids.get(&(type_key::<C>(), Box::from(id)))?;
        let slot = self.slots.get(cid)?;
        let state = slot.component.as_any().downcast_ref::<State<C>>()?;
        Some(&state.assigns)
    }

    /// The cid of the component `id` of type `kind`, given out now if it has none.
    fn cid_for(&mut self, kind: TypeId, id: &str) -> u32 {
        if let Some(cid) = self.ids.get(&(kind, Box::from(id))) {
            return *cid;
        }
        self.last_cid += 1;
        let cid = self.last_cid;
        self.ids.insert((kind, Box::from(id)), cid);
        cid
    }

    fn queue(&mut self, cid: u32) {
        if let Some(slot) = self.slots.get_mut(&cid) {
            if !slot.queued {
                slot.queued = true;
                self.dirty.push_back(cid);
            }
        }
    }

    /// Applies the calls a render made: mounts the new components, updates the others (one
    /// `update_many` per type, in the order the types were first rendered).
    pub(crate) fn apply_calls(
        &mut self,
        calls: Vec<PendingCall>,
        ctx: &Ctx,
        drained: &mut Drained,
    ) -> Result<(), ViewError> {
        if calls.is_empty() {
            return Ok(());
        }
        let mut groups: Vec<(TypeId, BatchFn, Vec<PendingCall>)> = Vec::new();
        for call in calls {
            match groups.iter_mut().find(|(kind, _, _)| *kind == call.kind) {
                Some((_, _, group)) => group.push(call),
                None => groups.push((call.kind, call.batch, vec![call])),
            }
        }
        for (_, batch, group) in groups {
            batch(self, group, ctx, drained)?;
        }
        Ok(())
    }

    /// Renders the components whose state changed (and those the client does not hold),
    /// then the components their renders call, and returns the members of the `"c"` map.
    pub(crate) fn render_changed(
        &mut self,
        ctx: &Ctx,
        drained: &mut Drained,
    ) -> Result<String, ViewError> {
        let mut out = String::new();
        let mut sent_now: HashMap<u64, u32> = HashMap::new();
        let mut renders: HashMap<u32, u32> = HashMap::new();
        while let Some(cid) = self.dirty.pop_front() {
            let Some(mut slot) = self.slots.remove(&cid) else {
                continue;
            };
            slot.queued = false;
            let held = slot.tree.is_held();
            if held && !slot.component.changed() {
                self.slots.insert(cid, slot);
                continue;
            }
            let count = renders.entry(cid).or_insert(0);
            *count += 1;
            if *count > MAX_RENDERS_PER_COMPONENT {
                let name = slot.component.name();
                self.slots.insert(cid, slot);
                return Err(ViewError::new(format!(
                    "the component {name} (cid {cid}) was rendered again within one render: do components render each other in a cycle?"
                )));
            }
            let (mut rendered, mut calls) =
                scope(self, ctx, Some(cid), || slot.component.render(!held));
            if slot.tree.missing_values(&rendered) {
                (rendered, calls) = scope(self, ctx, Some(cid), || slot.component.render(true));
            }
            if !rendered.statics().is_root() || rendered.written_html().is_some() {
                let name = slot.component.name();
                self.slots.insert(cid, slot);
                return Err(ViewError::new(format!(
                    "the component {name} must render exactly one HTML element at its root (its template is not a single tag)"
                )));
            }
            let fingerprint = rendered.statics().fingerprint();
            let new_statics = slot.tree.held_fingerprint() != Some(fingerprint);
            let shared = if new_statics {
                match sent_now.get(&fingerprint) {
                    Some(other) => Some(i64::from(*other)),
                    None => self.exemplar(fingerprint).map(|other| -i64::from(other)),
                }
            } else {
                None
            };
            let mark = out.len();
            if !out.is_empty() {
                out.push(',');
            }
            out.push('"');
            out.push_str(itoa::Buffer::new().format(cid));
            out.push_str("\":");
            if !slot.tree.diff_component(&mut out, &rendered, shared) {
                out.truncate(mark);
            } else if new_statics && shared.is_none() {
                sent_now.entry(fingerprint).or_insert(cid);
            }
            slot.component.settle();
            self.slots.insert(cid, slot);
            self.apply_calls(calls, ctx, drained)?;
        }
        for (fingerprint, cid) in sent_now {
            self.exemplars.entry(fingerprint).or_insert(cid);
        }
        Ok(out)
    }

    /// A component the client held before this diff with the statics `fingerprint`, that it
    /// is not about to forget.
    fn exemplar(&mut self, fingerprint: u64) -> Option<u32> {
        let usable = |slot: &Slot| !slot.dying && slot.tree.held_fingerprint() == Some(fingerprint);
        if let Some(cid) = self.exemplars.get(&fingerprint) {
            if self.slots.get(cid).is_some_and(usable) {
                return Some(*cid);
            }
            self.exemplars.remove(&fingerprint);
        }
        // The exemplar went away: another component with those statics will do.
        let cid = self
            .slots
            .iter()
            .find(|(_, slot)| usable(slot))
            .map(|(cid, _)| *cid)?;
        self.exemplars.insert(fingerprint, cid);
        Some(cid)
    }

    /// Before a join's render: the client holds no component.
    pub(crate) fn reset_client(&mut self) {
        for slot in self.slots.values_mut() {
            slot.tree.reset();
            slot.dying = false;
        }
        self.exemplars.clear();
    }

    /// After a join's render: the components it did not render are dropped (the client never
    /// heard of them).
    pub(crate) fn drop_unsent(&mut self) {
        let unsent: Vec<u32> = self
            .slots
            .iter()
            .filter(|(_, slot)| !slot.tree.is_held())
            .map(|(cid, _)| *cid)
            .collect();
        for cid in unsent {
            self.remove(cid);
        }
    }

    fn remove(&mut self, cid: u32) -> bool {
        let Some(slot) = self.slots.remove(&cid) else {
            return false;
        };
        self.ids.remove(&(slot.kind, slot.id));
        self.exemplars.retain(|_, exemplar| *exemplar != cid);
        true
    }

    /// `cids_will_destroy`: the client removed these components from the page.
    pub(crate) fn will_destroy(&mut self, cids: &[u64]) {
        for cid in cids {
            let Ok(cid) = u32::try_from(*cid) else {
                continue;
            };
            if let Some(slot) = self.slots.get_mut(&cid) {
                slot.dying = true;
            }
        }
    }

    /// `cids_destroyed`: drops the components that were about to be destroyed and were not
    /// rendered again since; returns their cids.
    pub(crate) fn destroyed(&mut self, cids: &[u64]) -> Vec<u64> {
        let mut gone = Vec::new();
        for cid in cids {
            let Ok(small) = u32::try_from(*cid) else {
                continue;
            };
            if self.slots.get(&small).is_some_and(|slot| slot.dying) && self.remove(small) {
                gone.push(*cid);
            }
        }
        if self.slots.is_empty() {
            // Give the memory of 100,000 rows back once they are all gone.
            self.slots.shrink_to_fit();
            self.ids.shrink_to_fit();
            self.dirty.shrink_to_fit();
            self.exemplars.shrink_to_fit();
        }
        gone
    }

    /// An event targeted at the component `cid`.
    pub(crate) fn handle_event(
        &mut self,
        cid: u64,
        event: &Event,
        ctx: &Ctx,
        drained: &mut Drained,
    ) -> Result<(), ViewError> {
        let handled = u32::try_from(cid).ok().and_then(|cid| {
            self.run_on(cid, |component, id| {
                component.handle_event(event, cid, id, ctx, drained)
            })
        });
        handled.unwrap_or_else(|| {
            tracing::warn!(
                view = %ctx.view_id,
                cid,
                event = event.name(),
                "event for a component that does not exist (dropped)"
            );
            Ok(())
        })
    }

    /// Runs `call` on the component `cid` (taken out of its slot while it runs), puts it back
    /// and queues it to render; `None` when there is no such component.
    fn run_on(
        &mut self,
        cid: u32,
        call: impl FnOnce(&mut dyn AnyComponent, &str) -> Result<(), ViewError>,
    ) -> Option<Result<(), ViewError>> {
        let mut slot = self.slots.remove(&cid)?;
        let result = call(slot.component.as_mut(), &slot.id);
        self.slots.insert(cid, slot);
        self.queue(cid);
        Some(result)
    }

    /// Runs `f` on the upload `upload_ref` of the component `cid` (queued to render when `f`
    /// changed it); false when that component or its upload is gone.
    pub(crate) fn with_upload(
        &mut self,
        cid: u32,
        upload_ref: &str,
        f: &mut dyn FnMut(&mut crate::Upload) -> bool,
    ) -> bool {
        let Some(slot) = self.slots.get_mut(&cid) else {
            return false;
        };
        match slot.component.with_upload(upload_ref, f) {
            Some(changed) => {
                if changed {
                    self.queue(cid);
                }
                true
            }
            None => false,
        }
    }

    /// The progress of an entry of an upload of the component `cid`.
    pub(crate) fn handle_progress(
        &mut self,
        cid: u32,
        progress: &crate::upload::UploadProgress,
        ctx: &Ctx,
        drained: &mut Drained,
    ) -> Result<(), ViewError> {
        self.run_on(cid, |component, id| {
            component.handle_progress(progress, cid, id, ctx, drained)
        })
        .unwrap_or(Ok(()))
    }

    /// A component's task finished.
    pub(crate) fn handle_async(
        &mut self,
        done: ComponentAsync,
        ctx: &Ctx,
        drained: &mut Drained,
    ) -> Result<(), ViewError> {
        let ComponentAsync { cid, name, outcome } = done;
        let handled = self.run_on(cid, |component, id| {
            component.handle_async(&name, outcome, cid, id, ctx, drained)
        });
        handled.unwrap_or_else(|| {
            tracing::warn!(view = %ctx.view_id, cid, task = %name, "task outcome for a component that no longer exists (dropped)");
            Ok(())
        })
    }

    /// A `send_update`: applied to its component, or logged and dropped when there is none.
    pub(crate) fn apply_update(
        &mut self,
        update: ComponentUpdate,
        ctx: &Ctx,
        drained: &mut Drained,
    ) -> Result<(), ViewError> {
        let cid = self
            .ids
            .get(&(update.component, Box::from(update.id.as_str())))
            .copied();
        let ComponentUpdate {
            apply, name, id, ..
        } = update;
        let applied = cid.and_then(|cid| {
            self.run_on(cid, |component, slot_id| {
                apply(component, cid, slot_id, ctx, drained)
            })
        });
        applied.unwrap_or_else(|| {
            tracing::warn!(
                view = %ctx.view_id,
                error = %ComponentGone(format!("{name} {id:?}")),
                "send_update"
            );
            Ok(())
        })
    }
}

/// Mounts and updates the components of type `C` a render called.
fn batch<C: LiveComponent>(
    components: &mut Components,
    calls: Vec<PendingCall>,
    ctx: &Ctx,
    drained: &mut Drained,
) -> Result<(), ViewError> {
    let mut slots: Vec<(u32, Slot)> = Vec::with_capacity(calls.len());
    let mut attrs_of: Vec<C::Attrs> = Vec::with_capacity(calls.len());
    let mut seen = HashSet::with_capacity(calls.len());
    let mut outcome = Ok(());
    for call in calls {
        if !seen.insert(call.cid) {
            outcome = Err(ViewError::new(format!(
                "two components {} with the id {:?} in one render: ids must be unique per component type",
                std::any::type_name::<C>(),
                call.id
            )));
            break;
        }
        let Some(attrs) = call
            .attrs
            .and_then(|attrs| attrs.downcast::<C::Attrs>().ok())
        else {
            // Rendered without attributes (the same call evaluated twice): nothing to update.
            continue;
        };
        let attrs = *attrs;
        let mut slot = match components.slots.remove(&call.cid) {
            Some(slot) => slot,
            None => {
                let mut socket = ComponentSocket::<C>::attached(call.cid, &call.id, ctx);
                let mounted = C::mount(&attrs, &mut socket);
                socket.drain_into(drained);
                match mounted {
                    Ok(state) => Slot {
                        component: Box::new(State {
                            assigns: Assigns::new(state),
                        }),
                        kind: call.kind,
                        id: call.id,
                        tree: ClientTree::default(),
                        dying: false,
                        queued: false,
                    },
                    Err(err) => {
                        outcome = Err(err);
                        break;
                    }
                }
            }
        };
        // Rendered again before the client confirmed its destruction: it stays.
        slot.dying = false;
        slots.push((call.cid, slot));
        attrs_of.push(attrs);
    }
    if outcome.is_ok() {
        let mut sockets: Vec<ComponentSocket<C>> = slots
            .iter()
            .map(|(cid, slot)| ComponentSocket::attached(*cid, &slot.id, ctx))
            .collect();
        let mut batch = Vec::with_capacity(slots.len());
        let mut foreign = false;
        for (((_, slot), attrs), socket) in slots.iter_mut().zip(attrs_of).zip(sockets.iter_mut()) {
            match slot.component.as_any_mut().downcast_mut::<State<C>>() {
                Some(state) => batch.push(Update {
                    assigns: &mut state.assigns,
                    attrs,
                    socket,
                }),
                None => foreign = true,
            }
        }
        outcome = if foreign {
            Err(ViewError::new("a component's state is not of its type"))
        } else {
            C::update_many(batch)
        };
        for socket in sockets {
            socket.drain_into(drained);
        }
    }
    for (cid, slot) in slots {
        components.slots.insert(cid, slot);
        components.queue(cid);
    }
    outcome
}

/// The view (or component) being rendered on this thread: where `<.live_component>` calls
/// find their cids.
struct Scope {
    components: Components,
    ctx: Ctx,
    calls: Vec<PendingCall>,
    myself: Option<u32>,
}

thread_local! {
    static SCOPE: RefCell<Option<Scope>> = const { RefCell::new(None) };
}

/// Runs `render` with `components` reachable by the templates it renders (`myself`: the
/// component being rendered); returns its result and the component calls it made.
pub(crate) fn scope<R>(
    components: &mut Components,
    ctx: &Ctx,
    myself: Option<u32>,
    render: impl FnOnce() -> R,
) -> (R, Vec<PendingCall>) {
    struct Restore<'a> {
        components: &'a mut Components,
        previous: Option<Option<Scope>>,
        calls: Vec<PendingCall>,
    }
    impl Restore<'_> {
        fn restore(&mut self) {
            if let Some(previous) = self.previous.take() {
                let mine = SCOPE.with(|s| std::mem::replace(&mut *s.borrow_mut(), previous));
                if let Some(mine) = mine {
                    *self.components = mine.components;
                    self.calls = mine.calls;
                }
            }
        }
    }
    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            self.restore();
        }
    }
    let scope = Scope {
        components: std::mem::take(components),
        ctx: ctx.clone(),
        calls: Vec::new(),
        myself,
    };
    let previous = SCOPE.with(|s| s.borrow_mut().replace(scope));
    let mut restore = Restore {
        components,
        previous: Some(previous),
        calls: Vec::new(),
    };
    let result = render();
    restore.restore();
    (result, std::mem::take(&mut restore.calls))
}

/// The cid of the component being rendered on this thread.
pub(crate) fn current_cid() -> Option<u32> {
    SCOPE.with(|s| s.borrow().as_ref().and_then(|scope| scope.myself))
}

/// A `<.live_component>` in a template rendered as a tree: its cid (the call is applied after
/// the render). Outside a view's render, the component renders on its own.
pub(crate) fn call<C: LiveComponent>(id: &str, attrs: Option<C::Attrs>) -> Dynamic {
    let attrs = SCOPE.with(|s| {
        let mut s = s.borrow_mut();
        match s.as_mut() {
            Some(scope) => {
                let kind = type_key::<C>();
                let cid = scope.components.cid_for(kind, id);
                scope.calls.push(PendingCall {
                    cid,
                    kind,
                    id: Box::from(id),
                    attrs: attrs.map(|a| Box::new(a) as Box<dyn Any + Send>),
                    batch: batch::<C>,
                });
                Err(cid)
            }
            None => Ok(attrs),
        }
    });
    match attrs {
        Err(cid) => Dynamic::Component(cid),
        Ok(attrs) => {
            let mut out = String::new();
            standalone::<C>(id, attrs, &mut out);
            Dynamic::Text(out)
        }
    }
}

/// A `<.live_component>` in a static render: mounted (or updated) and rendered in place, its
/// root element marked with its cid as the client marks it.
pub(crate) fn render_inline<C: LiveComponent>(id: &str, attrs: Option<C::Attrs>, out: &mut String) {
    let found = SCOPE.with(|s| {
        let mut s = s.borrow_mut();
        let scope = s.as_mut()?;
        let kind = type_key::<C>();
        let cid = scope.components.cid_for(kind, id);
        let slot = scope.components.slots.remove(&cid);
        Some((cid, slot, scope.ctx.clone()))
    });
    let Some((cid, slot, ctx)) = found else {
        standalone::<C>(id, attrs, out);
        return;
    };
    let mut drained = Drained::default();
    // A component the view already holds renders as it is: a static render of the page (the
    // test harness checks every diff against one) must not update it behind the client's back.
    let slot = match slot {
        Some(slot) => slot,
        None => {
            let Some(attrs) = attrs else {
                return;
            };
            let mut socket = ComponentSocket::<C>::attached(cid, id, &ctx);
            let mounted = C::mount(&attrs, &mut socket).and_then(|state| {
                let mut assigns = Assigns::new(state);
                C::update_many(vec![Update {
                    assigns: &mut assigns,
                    attrs,
                    socket: &mut socket,
                }])?;
                Ok(assigns)
            });
            let assigns = mounted.unwrap_or_else(|err| {
                panic!(
                    "the component {} ({id:?}) failed to mount: {err}",
                    std::any::type_name::<C>()
                )
            });
            socket.drain_into(&mut drained);
            Slot {
                component: Box::new(State { assigns }),
                kind: type_key::<C>(),
                id: Box::from(id),
                tree: ClientTree::default(),
                dying: false,
                queued: false,
            }
        }
    };
    let mut slot = slot;
    let previous = set_myself(Some(cid));
    struct Back(Option<u32>);
    impl Drop for Back {
        fn drop(&mut self) {
            set_myself(self.0);
        }
    }
    let back = Back(previous);
    let html = slot.component.render_html();
    drop(back);
    write_marked_root(&html, cid, &ctx.view_id, out);
    SCOPE.with(|s| {
        if let Some(scope) = s.borrow_mut().as_mut() {
            scope.components.slots.insert(cid, slot);
        }
    });
}

fn set_myself(cid: Option<u32>) -> Option<u32> {
    SCOPE.with(|s| {
        s.borrow_mut()
            .as_mut()
            .and_then(|scope| std::mem::replace(&mut scope.myself, cid))
    })
}

/// A component rendered outside any view: mounted, updated and rendered once, unmarked.
fn standalone<C: LiveComponent>(id: &str, attrs: Option<C::Attrs>, out: &mut String) {
    let Some(attrs) = attrs else { return };
    let mut socket = ComponentSocket::<C>::new(0, id, false);
    let result = C::mount(&attrs, &mut socket).and_then(|state| {
        let mut assigns = Assigns::new(state);
        C::update_many(vec![Update {
            assigns: &mut assigns,
            attrs,
            socket: &mut socket,
        }])?;
        assigns.mark_all_changed();
        Ok(crate::static_render::render_to_string(|| {
            C::render(&assigns)
        }))
    });
    match result {
        Ok(html) => out.push_str(&html),
        Err(err) => panic!(
            "the component {} ({id:?}) failed to mount: {err}",
            std::any::type_name::<C>()
        ),
    }
}

/// `html` with the attributes the client gives a component's root element
/// (`data-phx-id`, `data-phx-component`, `data-phx-view`), right after the tag name.
fn write_marked_root(html: &str, cid: u32, view_id: &str, out: &mut String) {
    let start = html.len() - html.trim_start().len();
    let name_end = html[start..]
        .strip_prefix('<')
        .and_then(|rest| rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/'))
        .map(|end| start + 1 + end);
    let Some(name_end) = name_end.filter(|end| *end > start + 1) else {
        panic!("a component must render exactly one HTML element at its root, not {html:?}");
    };
    out.push_str(&html[..name_end]);
    out.push_str(" data-phx-id=\"c");
    out.push_str(itoa::Buffer::new().format(cid));
    out.push('-');
    escape_html_into(out, view_id);
    out.push_str("\" data-phx-component=\"");
    out.push_str(itoa::Buffer::new().format(cid));
    out.push_str("\" data-phx-view=\"");
    escape_html_into(out, view_id);
    out.push('"');
    out.push_str(&html[name_end..]);
}
