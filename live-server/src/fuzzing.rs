//! Entry points for the fuzz targets in `fuzz/` (feature `fuzzing`; not a stable API): the
//! channel frame decoder and the token verifiers, each checked on arbitrary bytes. The same
//! checks run on seeded random inputs in this crate's unit tests.

use serde_json::{Map, Value};

use crate::channel::frame::{self, Frame};
use crate::security::cookie::{CookieSession, COOKIE_NAME};
use crate::security::flash_token;
use crate::security::token::{now, Purpose, Signer};
use crate::security::view_token;

/// Decodes `data` as a channel text frame; what decodes must encode back to a frame that
/// decodes the same. Panics (the fuzzer's finding) when it does not.
///
/// ```
/// live_server::fuzzing::channel_frame(br#"["1","1","lv:phx-a","phx_join",{"url":"/"}]"#);
/// live_server::fuzzing::channel_frame(b"\xff not a frame");
/// ```
pub fn channel_frame(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(frame) = Frame::parse(text) else {
        return;
    };
    let encoded = frame::encode(
        frame.join_ref.as_deref(),
        frame.reference.as_deref(),
        &frame.topic,
        &frame.event,
        &frame.payload.to_string(),
    );
    assert_eq!(Frame::parse(&encoded).as_ref(), Ok(&frame), "{encoded}");
}

/// Hands `data` to every token verifier: as a token of each purpose, as a join's session and
/// static tokens, as the session cookie and as a flash token; and, when `data` is a JSON
/// object, signs it as each purpose first so the claim checks behind the signature run too.
/// Nothing may panic.
///
/// ```
/// live_server::fuzzing::token(b"eyJpYXQiOjF9.c2ln");
/// live_server::fuzzing::token(br#"{"id":"x","view":1,"session":[]}"#);
/// ```
pub fn token(data: &[u8]) {
    let signer = Signer::rotating(b"the fuzzing secret, at least thirty-two bytes", &[]);
    let text = String::from_utf8_lossy(data);
    let now = now();
    for purpose in [
        Purpose::Cookie,
        Purpose::ViewSession,
        Purpose::ViewStatic,
        Purpose::Flash,
    ] {
        let _ = signer.verify(purpose, &text, u64::MAX, now);
    }
    verify_everywhere(&signer, &text, &text);
    if let Ok(Value::Object(claims)) = serde_json::from_slice::<Value>(data) {
        let session = signer.sign(Purpose::ViewSession, claims.clone(), now);
        let statics = signer.sign(Purpose::ViewStatic, claims.clone(), now);
        verify_everywhere(&signer, &session, &statics);
        let cookie = signer.sign(Purpose::Cookie, claims.clone(), now);
        let _ = CookieSession::from_header(&signer, &format!("{COOKIE_NAME}={cookie}"));
        let flash = signer.sign(Purpose::Flash, claims, now);
        let _ = flash_token::verify(&signer, &flash);
        let mut stamped = Map::new();
        stamped.insert("iat".into(), Value::from(now));
        let _ = signer.verify(
            Purpose::Flash,
            &signer.sign(Purpose::Flash, stamped, now),
            0,
            now,
        );
    }
}

fn verify_everywhere(signer: &Signer, session: &str, statics: &str) {
    for topic in ["x", "phx-a", session] {
        let _ = view_token::verify(signer, topic, session, Some(statics));
        let _ = view_token::verify(signer, topic, session, None);
    }
    let _ = CookieSession::from_header(signer, &format!("{COOKIE_NAME}={session}"));
    let _ = CookieSession::from_header(signer, session);
    let _ = flash_token::verify(signer, session);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift64*), so a failure replays.
    struct Seeded(u64);

    impl Seeded {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        /// `seed` with a few random bytes replaced, inserted or removed.
        fn mutate(&mut self, seed: &[u8]) -> Vec<u8> {
            const ALPHABET: &[u8] = b"[]{}\",:0123456789.-eEtrufalsn\\u\x00\xff abc_=;";
            let mut out = seed.to_vec();
            for _ in 0..=self.next() % 4 {
                let at = (self.next() as usize) % (out.len() + 1);
                let byte = ALPHABET[(self.next() as usize) % ALPHABET.len()];
                match self.next() % 3 {
                    0 if at < out.len() => out[at] = byte,
                    1 if at < out.len() => {
                        out.remove(at);
                    }
                    _ => out.insert(at, byte),
                }
            }
            out
        }
    }

    #[test]
    fn channel_frames_survive_mutation() {
        let seeds: [&[u8]; 4] = [
            br#"["1","1","lv:phx-a","phx_join",{"url":"/","params":{"_csrf_token":"t"}}]"#,
            br#"[null,"2","phoenix","heartbeat",{}]"#,
            br#"["1","3","lv:phx-a","event",{"type":"click","event":"inc","value":{"a":"\u00e9"}}]"#,
            br#"["1","4","lv:x","phx_leave",{"nested":[1,2.5,-3e9,null,true]}]"#,
        ];
        let mut random = Seeded(0x5eed_f00d);
        for seed in seeds {
            channel_frame(seed);
            for _ in 0..2_000 {
                channel_frame(&random.mutate(seed));
            }
        }
    }

    #[test]
    fn tokens_survive_mutation() {
        let signer = Signer::new(b"the fuzzing secret, at least thirty-two bytes");
        let mut claims = Map::new();
        claims.insert("id".into(), "phx-a".into());
        let valid = signer.sign(Purpose::ViewSession, claims, 100);
        let seeds: [&[u8]; 4] = [
            valid.as_bytes(),
            br#"{"id":"phx-a","view":"V","live_session":"s","session":{"u":1}}"#,
            br#"{"id":7,"csrf":null,"flash":{"info":"hi"},"data":[]}"#,
            b"a.b.c",
        ];
        let mut random = Seeded(0xdead_beef);
        for seed in seeds {
            token(seed);
            for _ in 0..300 {
                token(&random.mutate(seed));
            }
        }
    }
}
