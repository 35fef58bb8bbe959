//! Any bytes as a sync bundle in the shared folder: what a stranger (or a
//! broken sync client) can put there is taken apart, its signature checked
//! and its content opened with a real key — all before anything is
//! trusted. Never a panic.
#![no_main]

use std::sync::OnceLock;

use ineen_core::sync::{self, DeviceKeys};
use libfuzzer_sys::fuzz_target;

fn keys() -> &'static (DeviceKeys, String) {
    static KEYS: OnceLock<(DeviceKeys, String)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let keys = DeviceKeys::generate().expect("keys");
        let public = keys.sign_public().expect("public");
        (keys, public)
    })
}

fuzz_target!(|data: &[u8]| {
    let (keys, public) = keys();
    if let Ok(opened) = sync::open(data) {
        let _ = opened.verify(public);
        let identity = keys.identity().expect("identity");
        let _ = opened.payload(&identity, "fuzz");
    }
});
