//! What can be wrong with an upload or one of its entries.

use std::fmt;

/// An error of an upload entry, or of the whole upload ([`UploadError::TooManyFiles`]).
///
/// [`code`](UploadError::code) is the name the wire and Phoenix use; `Display` gives a short
/// message for people, which a template can show as is or replace with its own.
///
/// ```
/// use live_core::upload::UploadError;
/// assert_eq!(UploadError::TooLarge.code(), "too_large");
/// assert_eq!(UploadError::TooLarge.to_string(), "The file is too large");
/// assert_eq!(UploadError::Writer("disk full".into()).to_string(), "The upload failed: disk full");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadError {
    /// The file is larger than the upload's `max_file_size` (as the client declares it, or as
    /// the bytes it sent prove).
    TooLarge,
    /// The file's extension or type is not in the upload's accept list.
    NotAccepted,
    /// More files than `max_entries` were chosen (an error of the upload, not of an entry).
    TooManyFiles,
    /// The client-side uploader of an external upload reported a failure.
    ExternalClientFailure,
    /// The server could not receive or store the file (a broken limit, a chunk timeout, a
    /// disk error).
    Writer(String),
    /// The upload's `external` function refused the entry.
    External(String),
}

impl UploadError {
    /// The error's wire name (`too_large`, `not_accepted`, `too_many_files`,
    /// `external_client_failure`, `writer_error`, `external_error`).
    pub fn code(&self) -> &'static str {
        match self {
            UploadError::TooLarge => "too_large",
            UploadError::NotAccepted => "not_accepted",
            UploadError::TooManyFiles => "too_many_files",
            UploadError::ExternalClientFailure => "external_client_failure",
            UploadError::Writer(_) => "writer_error",
            UploadError::External(_) => "external_error",
        }
    }
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UploadError::TooLarge => f.write_str("The file is too large"),
            UploadError::NotAccepted => f.write_str("This type of file is not accepted"),
            UploadError::TooManyFiles => f.write_str("Too many files were chosen"),
            UploadError::ExternalClientFailure => f.write_str("The upload failed in the browser"),
            UploadError::Writer(why) => write!(f, "The upload failed: {why}"),
            UploadError::External(why) => write!(f, "The upload was refused: {why}"),
        }
    }
}

impl std::error::Error for UploadError {}
