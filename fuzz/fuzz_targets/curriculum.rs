//! Any text as a user's curriculum file; what parses is planned as a
//! schedule (a curriculum may not make the planner run away).
#![no_main]

use ineen_core::curriculum::{self, Origin};
use ineen_core::rules;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match curriculum::parse("fuzz.toml", text, Origin::User) {
        Ok(programme) => {
            let start = chrono::NaiveDate::from_ymd_opt(2026, 8, 31).expect("date");
            let plan = rules::plan_sessions(&programme, start, chrono::Weekday::Tue, &[]);
            let total: u32 = programme.tracks.iter().map(|t| t.sessions).sum();
            assert_eq!(plan.len(), total as usize);
        }
        Err(e) => assert!(!e.message(ineen_core::Lang::Nl).is_empty()),
    }
});
