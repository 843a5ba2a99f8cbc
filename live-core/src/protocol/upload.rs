//! The upload messages of a view's channel (docs/protocol-bindings.md §6): the preflight
//! (`allow_upload`) and `progress` from the client, and what the server's upload channels
//! report about an entry's bytes (joined, all written, failed).

use serde_json::Value;

use super::{ChannelDriver, Output, Refusal, Reply, Step, ViewChannel};
use crate::upload::{EntryStore, Grant, JoinRefusal, UploadError, UploadProgress};

impl ViewChannel {
    /// `allow_upload {ref, entries}`: takes in the listed entries and answers with a token per
    /// entry cleared to upload (`ChannelDriver::upload_token`), or the errors.
    pub(super) fn on_allow_upload(
        &mut self,
        reference: Option<String>,
        payload: &Value,
        driver: &mut impl ChannelDriver,
    ) -> Step {
        let upload_ref = payload.get("ref").and_then(Value::as_str).unwrap_or("");
        let listed = match payload.get("entries") {
            Some(Value::Array(listed)) => listed.as_slice(),
            _ => &[],
        };
        let requested: Vec<String> = listed
            .iter()
            .filter_map(|e| e.get("ref").and_then(Value::as_str))
            .map(str::to_owned)
            .collect();
        let mut response = None;
        let found = self.view.with_upload(upload_ref, &mut |upload| {
            upload.put_entries(listed);
            let preflight = upload.preflight(&requested);
            let upload_ref = upload.reference().to_owned();
            response = Some(upload.preflight_reply(&preflight, &mut |entry_ref| {
                driver.upload_token(&upload_ref, entry_ref)
            }));
            true
        });
        let Some(response) = response.filter(|_| found) else {
            let reason = format!("no upload with ref {upload_ref:?}");
            driver.send(Output::Reply {
                reference,
                reply: Reply::Error(reason.clone()),
            });
            return Step::Refused(Refusal::Request(reason));
        };
        let diff = match self.render_diff() {
            Ok(diff) => diff,
            Err(err) => return Step::Ended(self.fail(err, driver)),
        };
        driver.send(Output::Reply {
            reference,
            reply: Reply::Preflight { diff, response },
        });
        Step::Continue
    }

    /// `progress {ref, entry_ref, progress}`: moves the entry's progress and runs
    /// `handle_progress`; answered with the diff. Stale refs are answered without a change.
    pub(super) fn on_progress(
        &mut self,
        reference: Option<String>,
        payload: &Value,
        driver: &mut impl ChannelDriver,
    ) -> Step {
        let upload_ref = payload.get("ref").and_then(Value::as_str).unwrap_or("");
        let entry_ref = payload
            .get("entry_ref")
            .and_then(Value::as_str)
            .unwrap_or("");
        let progress = payload.get("progress").unwrap_or(&Value::Null);
        let mut report = None;
        self.view.with_upload(upload_ref, &mut |upload| {
            let changed = upload.progress(entry_ref, progress);
            if changed {
                if let Some(entry) = upload.entry(entry_ref).filter(|e| e.is_valid()) {
                    report = Some(UploadProgress {
                        upload: upload.name().to_owned(),
                        upload_ref: upload.reference().to_owned(),
                        entry_ref: entry_ref.to_owned(),
                        progress: entry.progress(),
                        done: entry.is_done(),
                    });
                }
            }
            changed
        });
        let result = match report {
            Some(report) => {
                let view = &mut self.view;
                super::guarded(|| view.handle_progress(&report))
            }
            None => Ok(Default::default()),
        };
        self.settle(result, Some(reference), driver)
    }

    /// An upload channel asks to receive entry `entry_ref` of upload `upload_ref` into `store`:
    /// the entry must be valid, preflighted, not done, and not received by another channel.
    /// On refusal `store` is dropped (its file deleted).
    pub fn upload_join(
        &mut self,
        upload_ref: &str,
        entry_ref: &str,
        store: Box<dyn EntryStore>,
    ) -> Result<Grant, JoinRefusal> {
        let mut store = Some(store);
        let mut outcome = Err(JoinRefusal::Disallowed);
        self.view.with_upload(upload_ref, &mut |upload| {
            if let Some(store) = store.take() {
                outcome = upload.join_entry(entry_ref, store);
            }
            false
        });
        outcome
    }

    /// The upload channel of `entry_ref` stored every declared byte: the entry may now reach
    /// 100 % (the client's `progress` follows).
    pub fn upload_written(&mut self, upload_ref: &str, entry_ref: &str) {
        self.view
            .with_upload(upload_ref, &mut |upload| upload.entry_written(entry_ref));
    }

    /// The upload channel of `entry_ref` failed (a broken limit, a time-out, a disk error): the
    /// entry shows `error` and its file is deleted; the diff is pushed.
    pub fn upload_failed(
        &mut self,
        upload_ref: &str,
        entry_ref: &str,
        error: UploadError,
        driver: &mut impl ChannelDriver,
    ) -> Step {
        let mut error = Some(error);
        self.view
            .with_upload(upload_ref, &mut |upload| match error.take() {
                Some(error) => upload.entry_failed(entry_ref, error),
                None => false,
            });
        self.settle(Ok(Default::default()), None, driver)
    }
}
