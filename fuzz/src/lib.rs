//! What the reader targets share: run one third-party reader in process on
//! arbitrary bytes (what the `cchc worker` child runs) and check that it
//! says something — text or an error, never neither — with page starts
//! inside its text. A panic, an abort or a hang is a finding too.

use cchc::ingest::{read_untrusted, sniff::Kind};

pub fn reader(data: &[u8], kind: Kind) {
    let ing = read_untrusted(data, kind);
    assert!(
        !ing.errors.is_empty() || !ing.text.trim().is_empty(),
        "no text and no error"
    );
    assert_eq!(ing.page_starts.len().max(1), ing.pages.max(1));
    assert!(ing.page_starts.iter().all(|&p| p <= ing.text.len()));
}
