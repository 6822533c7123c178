//! Ids shaped like HeyGen's: 32 hex digits after an optional prefix (`vt_`, `phav_`, …).

use rand::RngCore;

/// A random id of 32 hex digits after a prefix.
pub fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}
