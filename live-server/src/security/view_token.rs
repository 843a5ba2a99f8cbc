//! The tokens a page hands to its LiveView container: `data-phx-session` and `data-phx-static`.
//!
//! The session token names the view id, the view type it was rendered for and the user session
//! data, so the connected mount sees what the disconnected one saw. The client treats both as
//! opaque strings and sends them back in `phx_join`.

use live_core::{Flash, Session};
use serde_json::{Map, Value};

use crate::security::token::{now, Purpose, Signer, TokenError};

/// View tokens stay valid this long, in seconds (14 days, as upstream).
const MAX_AGE: u64 = 14 * 24 * 3600;

/// What a verified session token says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ViewClaims {
    /// The container's DOM id; the channel topic is `lv:<id>`.
    pub(crate) id: String,
    /// Name of the view type the page was rendered for.
    pub(crate) view: String,
    /// The live session of the route the page was rendered for.
    pub(crate) live_session: String,
    /// User session data.
    pub(crate) session: Session,
    /// The flash the disconnected render showed (from the static token), for the first join.
    pub(crate) flash: Flash,
    /// Where the view sits: mounted by the router, or rendered by another view.
    pub(crate) nesting: Nesting,
}

/// Where a view's container sits on the page (docs/protocol.md §2.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Nesting {
    /// Mounted by the router: joins with `url` (or `redirect`).
    Root,
    /// Rendered with `live_render` by the view `parent` (its id); ends with it.
    Child { parent: String },
    /// Rendered with `live_render(…).sticky()`: joined as a root, outlives live navigation.
    Sticky,
}

/// Why a join's tokens were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JoinTokenError {
    /// The session token did not verify.
    Session(TokenError),
    /// The static token did not verify.
    Static(TokenError),
    /// A token was minted for another view id than the topic's.
    WrongId,
    /// A token is missing a required claim.
    MissingClaim(&'static str),
}

impl std::fmt::Display for JoinTokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JoinTokenError::Session(e) => write!(f, "session token: {e}"),
            JoinTokenError::Static(e) => write!(f, "static token: {e}"),
            JoinTokenError::WrongId => f.write_str("token was issued for another view id"),
            JoinTokenError::MissingClaim(c) => write!(f, "token lacks the claim {c:?}"),
        }
    }
}

/// Signs the session and static tokens of a container.
pub(crate) fn sign(signer: &Signer, claims: &ViewClaims) -> (String, String) {
    (sign_session(signer, claims), sign_static(signer, claims))
}

/// Signs the session token of a container alone (a child's connected render has no static
/// token).
pub(crate) fn sign_session(signer: &Signer, claims: &ViewClaims) -> String {
    let mut session = Map::new();
    session.insert("id".into(), claims.id.clone().into());
    session.insert("view".into(), claims.view.clone().into());
    session.insert("live_session".into(), claims.live_session.clone().into());
    session.insert(
        "session".into(),
        Value::Object(claims.session.as_map().clone()),
    );
    match &claims.nesting {
        Nesting::Root => {}
        Nesting::Child { parent } => {
            session.insert("parent".into(), parent.clone().into());
        }
        Nesting::Sticky => {
            session.insert("sticky".into(), true.into());
        }
    }
    signer.sign(Purpose::ViewSession, session, now())
}

/// Signs the static token of a container alone (a child's static render has no session
/// token).
pub(crate) fn sign_static(signer: &Signer, claims: &ViewClaims) -> String {
    let mut statics = Map::new();
    statics.insert("id".into(), claims.id.clone().into());
    if !claims.flash.is_empty() {
        statics.insert("flash".into(), claims.flash.to_json());
    }
    signer.sign(Purpose::ViewStatic, statics, now())
}

/// Verifies a join's tokens for `topic_id` (the topic without `lv:`). `static_token` is optional.
pub(crate) fn verify(
    signer: &Signer,
    topic_id: &str,
    session_token: &str,
    static_token: Option<&str>,
) -> Result<ViewClaims, JoinTokenError> {
    let now = now();
    let claims = signer
        .verify(Purpose::ViewSession, session_token, MAX_AGE, now)
        .map_err(JoinTokenError::Session)?;
    let id = claims
        .get("id")
        .and_then(Value::as_str)
        .ok_or(JoinTokenError::MissingClaim("id"))?;
    if id != topic_id {
        return Err(JoinTokenError::WrongId);
    }
    let mut flash = Flash::default();
    if let Some(static_token) = static_token {
        let statics = signer
            .verify(Purpose::ViewStatic, static_token, MAX_AGE, now)
            .map_err(JoinTokenError::Static)?;
        if statics.get("id").and_then(Value::as_str) != Some(topic_id) {
            return Err(JoinTokenError::WrongId);
        }
        flash = Flash::from_json(statics.get("flash").unwrap_or(&Value::Null));
    }
    let view = claims
        .get("view")
        .and_then(Value::as_str)
        .ok_or(JoinTokenError::MissingClaim("view"))?;
    let live_session = claims
        .get("live_session")
        .and_then(Value::as_str)
        .ok_or(JoinTokenError::MissingClaim("live_session"))?;
    let session = match claims.get("session") {
        Some(Value::Object(map)) => Session::from_map(map.clone()),
        _ => return Err(JoinTokenError::MissingClaim("session")),
    };
    let nesting = match (claims.get("parent"), claims.get("sticky")) {
        (Some(Value::String(parent)), None) => Nesting::Child {
            parent: parent.clone(),
        },
        (None, Some(Value::Bool(true))) => Nesting::Sticky,
        (None, None) => Nesting::Root,
        _ => return Err(JoinTokenError::MissingClaim("parent")),
    };
    Ok(ViewClaims {
        id: id.to_owned(),
        view: view.to_owned(),
        live_session: live_session.to_owned(),
        session,
        flash,
        nesting,
    })
}

/// A fresh page-unique view id: `phx-` and 16 URL-safe characters.
pub(crate) fn new_view_id() -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    format!(
        "phx-{}",
        URL_SAFE_NO_PAD.encode(crate::security::token::random_bytes::<12>())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_for_their_id_only() {
        let signer = Signer::new(b"k");
        let claims = ViewClaims {
            id: "phx-a".into(),
            view: "Counter".into(),
            live_session: String::new(),
            session: Session::default(),
            flash: Flash::default(),
            nesting: Nesting::Root,
        };
        let (session, statics) = sign(&signer, &claims);
        assert_eq!(
            verify(&signer, "phx-a", &session, Some(&statics)),
            Ok(claims.clone())
        );
        assert_eq!(
            verify(&signer, "phx-b", &session, None),
            Err(JoinTokenError::WrongId)
        );
        assert!(matches!(
            verify(&signer, "phx-a", &statics, None),
            Err(JoinTokenError::Session(TokenError::BadSignature))
        ));
        let child = ViewClaims {
            id: "clock".into(),
            nesting: Nesting::Child {
                parent: "phx-a".into(),
            },
            ..claims.clone()
        };
        let (session, _) = sign(&signer, &child);
        assert_eq!(verify(&signer, "clock", &session, None), Ok(child.clone()));
        let sticky = ViewClaims {
            nesting: Nesting::Sticky,
            ..child
        };
        let (session, _) = sign(&signer, &sticky);
        assert_eq!(verify(&signer, "clock", &session, None), Ok(sticky));
        assert!(new_view_id().starts_with("phx-"));
        assert_eq!(new_view_id().len(), 20);
    }
}
