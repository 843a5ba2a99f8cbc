//! Upload tokens: what the preflight hands the client for each entry, and the upload channel
//! (`lvu:<entry ref>`) joins with (docs/protocol-bindings.md §6.3–§6.4). It names the view (its
//! id and the join it was issued in), the upload and the entry, so a token opens only that
//! entry of that running view, and only on a socket where that view is joined.

use serde_json::{Map, Value};

use crate::security::token::{now, Purpose, Signer, TokenError};

/// An upload channel joins right after the preflight; a token this old is refused.
const MAX_AGE: u64 = 10 * 60;

/// What an upload token names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UploadClaims {
    /// The view's id (its topic without `lv:`).
    pub(crate) view: String,
    /// The view join the token was issued in: a rejoined view does not take old tokens.
    pub(crate) join_ref: String,
    /// The upload's ref.
    pub(crate) upload_ref: String,
    /// The entry's ref.
    pub(crate) entry_ref: String,
}

/// Signs `claims`.
pub(crate) fn sign(signer: &Signer, claims: &UploadClaims) -> String {
    let mut map = Map::new();
    map.insert("v".into(), claims.view.clone().into());
    map.insert("j".into(), claims.join_ref.clone().into());
    map.insert("u".into(), claims.upload_ref.clone().into());
    map.insert("e".into(), claims.entry_ref.clone().into());
    signer.sign(Purpose::Upload, map, now())
}

/// The claims of a valid token.
pub(crate) fn verify(signer: &Signer, token: &str) -> Result<UploadClaims, TokenError> {
    let claims = signer.verify(Purpose::Upload, token, MAX_AGE, now())?;
    let text = |key: &str| {
        claims
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or(TokenError::Malformed)
    };
    Ok(UploadClaims {
        view: text("v")?,
        join_ref: text("j")?,
        upload_ref: text("u")?,
        entry_ref: text("e")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tampering() {
        let signer = Signer::new(b"k");
        let claims = UploadClaims {
            view: "phx-1".into(),
            join_ref: "4".into(),
            upload_ref: "phx-1-avatar".into(),
            entry_ref: "0".into(),
        };
        let token = sign(&signer, &claims);
        assert_eq!(verify(&signer, &token), Ok(claims));
        assert!(verify(&Signer::new(b"other"), &token).is_err());
        let mut forged = token.clone();
        forged.insert(3, 'x');
        assert!(verify(&signer, &forged).is_err());
        assert!(verify(&signer, "").is_err());
    }
}
