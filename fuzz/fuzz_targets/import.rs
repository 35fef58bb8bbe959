//! Any bytes as an export file: checked and rehearsed against the demo
//! organisation (rolled back, so every input meets the same store). Never
//! a panic; a refusal is an answer.
#![no_main]

use std::sync::{Mutex, OnceLock};

use ineen_core::Ineen;
use libfuzzer_sys::fuzz_target;

fn demo() -> &'static Mutex<Ineen> {
    static DEMO: OnceLock<Mutex<Ineen>> = OnceLock::new();
    DEMO.get_or_init(|| {
        let mut ineen = Ineen::open_in_memory().expect("store");
        ineen.demo().expect("demo");
        Mutex::new(ineen)
    })
}

fuzz_target!(|data: &[u8]| {
    let mut ineen = demo().lock().unwrap_or_else(|e| e.into_inner());
    if let Err(e) = ineen.review_import(data, false) {
        // Every refusal has a message in both languages.
        assert!(!e.message(ineen_core::Lang::Nl).is_empty());
        assert!(!e.message(ineen_core::Lang::En).is_empty());
    }
});
