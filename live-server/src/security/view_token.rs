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
    let now = now();
    let mut session = Map::new();
    session.insert("id".into(), claims.id.clone().into());
    session.insert("view".into(), claims.view.clone().into());
    session.insert("live_session".into(), claims.live_session.clone().into());
    session.insert(
        "session".into(),
        Value::Object(claims.session.as_map().clone()),
    );
    let mut statics = Map::new();
    statics.insert("id".into(), claims.id.clone().into());
    if !claims.flash.is_empty() {
        statics.insert("flash".into(), claims.flash.to_json());
    }
    (
        signer.sign(Purpose::ViewSession, session, now),
        signer.sign(Purpose::ViewStatic, statics, now),
    )
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
    Ok(ViewClaims {
        id: id.to_owned(),
        view: view.to_owned(),
        live_session: live_session.to_owned(),
        session,
        flash,
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
        };
        let (session, statics) = sign(&signer, &claims);
        assert_eq!(
            verify(&signer, "phx-a", &session, Some(&statics)),
            Ok(claims)
        );
        assert_eq!(
            verify(&signer, "phx-b", &session, None),
            Err(JoinTokenError::WrongId)
        );
        assert!(matches!(
            verify(&signer, "phx-a", &statics, None),
            Err(JoinTokenError::Session(TokenError::BadSignature))
        ));
        assert!(new_view_id().starts_with("phx-"));
        assert_eq!(new_view_id().len(), 20);
    }
}
