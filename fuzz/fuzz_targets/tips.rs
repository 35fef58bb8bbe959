//! Any text as a tip-library file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(tips) = ineen_core::tips::parse("fuzz.toml", text) {
        for tip in tips {
            assert!(!tip.id.is_empty());
        }
    }
});
