//! Connection limits enforced at accept: at most so many open connections per client address
//! and in total. A connection holds its [`ConnectionPermit`] for its whole life, through a
//! WebSocket upgrade; over a limit, the new connection is closed at once.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

/// The open connections, counted per client and in total.
#[derive(Debug)]
pub(crate) struct ConnectionLimits {
    per_client: usize,
    total: usize,
    open: Mutex<Open>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    by_client: HashMap<IpAddr, usize>,
}

/// One admitted connection; dropping the last clone frees its place.
#[derive(Debug)]
pub(crate) struct ConnectionPermit {
    limits: Arc<ConnectionLimits>,
    client: IpAddr,
}

/// Why a connection was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The client already holds `per_client` connections.
    PerClient,
    /// The server already holds `total` connections.
    Total,
}

impl ConnectionLimits {
    pub(crate) fn new(per_client: usize, total: usize) -> Self {
        ConnectionLimits {
            per_client,
            total,
            open: Mutex::new(Open::default()),
        }
    }

    /// A permit for a connection from `peer`, or why not.
    pub(crate) fn admit(self: &Arc<Self>, peer: IpAddr) -> Result<ConnectionPermit, Refused> {
        let client = client_key(peer);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.total >= self.total {
            return Err(Refused::Total);
        }
        let count = open.by_client.entry(client).or_insert(0);
        if *count >= self.per_client {
            return Err(Refused::PerClient);
        }
        *count += 1;
        open.total += 1;
        Ok(ConnectionPermit {
            limits: self.clone(),
            client,
        })
    }

    /// Open connections of `peer`'s client key (for tests).
    #[cfg(test)]
    fn open_for(&self, peer: IpAddr) -> usize {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.by_client.get(&client_key(peer)).copied().unwrap_or(0)
    }
}

impl Drop for ConnectionPermit {
    fn drop(&mut self) {
        let mut open = self
            .limits
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        open.total = open.total.saturating_sub(1);
        if let Some(count) = open.by_client.get_mut(&self.client) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.by_client.remove(&self.client);
            }
        }
    }
}

/// The address a client is counted under: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its
/// /64 prefix, which one subscriber usually holds whole.
fn client_key(peer: IpAddr) -> IpAddr {
    match peer {
        IpAddr::V4(_) => peer,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(segments.into())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn counts_per_client_and_in_total_and_frees_on_drop() {
        let limits = Arc::new(ConnectionLimits::new(2, 3));
        let a1 = limits.admit(ip("10.0.0.1")).expect("first");
        let a2 = limits.admit(ip("10.0.0.1")).expect("second");
        assert_eq!(limits.admit(ip("10.0.0.1")).err(), Some(Refused::PerClient));
        let b1 = limits.admit(ip("10.0.0.2")).expect("other client");
        assert_eq!(limits.admit(ip("10.0.0.3")).err(), Some(Refused::Total));
        drop(a1);
        let a3 = limits.admit(ip("10.0.0.1")).expect("a place freed");
        assert_eq!(limits.open_for(ip("10.0.0.1")), 2);
        drop((a2, a3, b1));
        assert_eq!(limits.open_for(ip("10.0.0.1")), 0);
        assert!(limits.open.lock().expect("lock").by_client.is_empty());
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_prefix() {
        let limits = Arc::new(ConnectionLimits::new(1, 10));
        let _first = limits.admit(ip("2001:db8:1:2::1")).expect("first");
        assert_eq!(
            limits.admit(ip("2001:db8:1:2:ffff::9")).err(),
            Some(Refused::PerClient)
        );
        assert!(limits.admit(ip("2001:db8:1:3::1")).is_ok());
        let _v4 = limits.admit(ip("192.0.2.1")).expect("v4");
        assert_eq!(
            limits.admit(ip("::ffff:192.0.2.1")).err(),
            Some(Refused::PerClient)
        );
    }
}
