//! Lifecycle hooks attached at runtime (`attach_hook` in Phoenix): code that runs before a
//! view's own `handle_event`, `handle_params` or `handle_info`, or after each render.

use crate::assigns::Assigns;
use crate::event::Event;
use crate::params::Params;
use crate::socket::Socket;
use crate::view::LiveView;

/// What a hook decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookFlow {
    /// Run the next hook, then the view's own callback.
    Cont,
    /// Stop here: later hooks and the view's callback do not run.
    Halt,
}

type EventHook<V> = Box<dyn FnMut(&mut Assigns<V>, &Event, &mut Socket<V>) -> HookFlow + Send>;
type ParamsHook<V> =
    Box<dyn FnMut(&mut Assigns<V>, &Params, &str, &mut Socket<V>) -> HookFlow + Send>;
type InfoHook<V> =
    Box<dyn FnMut(&mut Assigns<V>, &<V as LiveView>::Info, &mut Socket<V>) -> HookFlow + Send>;
type RenderHook<V> = Box<dyn FnMut(&Assigns<V>) + Send>;

/// The hooks attached to one view, by stage, in attachment order.
pub(crate) struct Hooks<V: LiveView> {
    pub(crate) event: Vec<(String, EventHook<V>)>,
    pub(crate) params: Vec<(String, ParamsHook<V>)>,
    pub(crate) info: Vec<(String, InfoHook<V>)>,
    pub(crate) after_render: Vec<(String, RenderHook<V>)>,
    /// Names detached while their stage was running.
    pub(crate) detached: Vec<String>,
}

impl<V: LiveView> Default for Hooks<V> {
    fn default() -> Self {
        Hooks {
            event: Vec::new(),
            params: Vec::new(),
            info: Vec::new(),
            after_render: Vec::new(),
            detached: Vec::new(),
        }
    }
}

impl<V: LiveView> Hooks<V> {
    pub(crate) fn detach(&mut self, name: &str) {
        self.event.retain(|(n, _)| n != name);
        self.params.retain(|(n, _)| n != name);
        self.info.retain(|(n, _)| n != name);
        self.after_render.retain(|(n, _)| n != name);
        self.detached.push(name.to_owned());
    }
}

/// Runs the hooks of one stage, taken out of the socket while they run (a hook gets the
/// socket), then puts them back with any attached meanwhile, minus any detached meanwhile.
pub(crate) fn run_stage<V: LiveView, H>(
    socket: &mut Socket<V>,
    stage: fn(&mut Hooks<V>) -> &mut Vec<(String, H)>,
    mut run: impl FnMut(&mut H, &mut Socket<V>) -> HookFlow,
) -> HookFlow {
    let mut hooks = std::mem::take(stage(&mut socket.hooks));
    if hooks.is_empty() {
        return HookFlow::Cont;
    }
    socket.hooks.detached.clear();
    let mut flow = HookFlow::Cont;
    for (_, hook) in hooks.iter_mut() {
        if run(hook, socket) == HookFlow::Halt {
            flow = HookFlow::Halt;
            break;
        }
    }
    let detached = std::mem::take(&mut socket.hooks.detached);
    hooks.retain(|(name, _)| !detached.contains(name));
    let attached = std::mem::take(stage(&mut socket.hooks));
    hooks.extend(attached);
    *stage(&mut socket.hooks) = hooks;
    flow
}
