//! Time, ids and hybrid logical clock stamps, passed in rather than read
//! from the system inside logic, so that every test is deterministic.
//!
//! [`SystemClock`] is the only place that reads the wall clock.

use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

/// Where "now" and new ids come from.
pub trait Clock: Send {
    /// The current wall-clock time.
    fn now(&mut self) -> DateTime<Utc>;
    /// A new UUIDv7 for a record created at `at`.
    fn new_id(&mut self, at: DateTime<Utc>) -> Uuid;
}

/// The real clock and UUIDv7s that rise one after the other, also within
/// a millisecond (RFC 9562's counter, reseeded at random every millisecond).
/// Rising ids keep a new record's index entries at the end of each index:
/// nine marks written together touch one index page instead of splitting
/// the pages in between.
#[derive(Debug, Default)]
pub struct SystemClock {
    ids: uuid::ContextV7,
}

impl SystemClock {
    pub fn new() -> SystemClock {
        SystemClock::default()
    }
}

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one place that reads the system time
    fn now(&mut self) -> DateTime<Utc> {
        Utc::now()
    }

    fn new_id(&mut self, at: DateTime<Utc>) -> Uuid {
        let ts = uuid::Timestamp::from_unix(&self.ids, at.timestamp() as u64, at.timestamp_subsec_nanos());
        Uuid::new_v7(ts)
    }
}

/// A clock for tests: starts at a fixed time, steps one second per reading,
/// and numbers its ids. Clones share one clock, so a test can keep a handle
/// and move time on while the store holds the other.
#[derive(Debug, Clone)]
pub struct TestClock {
    state: std::sync::Arc<std::sync::Mutex<(DateTime<Utc>, u64)>>,
}

impl TestClock {
    pub fn new(start: DateTime<Utc>) -> TestClock {
        TestClock { state: std::sync::Arc::new(std::sync::Mutex::new((start, 0))) }
    }

    /// 1 September 2026, 08:00 UTC.
    pub fn school_year_start() -> TestClock {
        TestClock::new(Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).single().unwrap_or_default())
    }

    fn with<T>(&self, f: impl FnOnce(&mut (DateTime<Utc>, u64)) -> T) -> T {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut state)
    }

    /// Moves the clock to `to` (never backwards).
    pub fn set(&self, to: DateTime<Utc>) {
        self.with(|(now, _)| *now = (*now).max(to));
    }

    /// Moves the clock to 08:00 UTC on `date` (never backwards).
    pub fn set_date(&self, date: chrono::NaiveDate) {
        if let Some(t) = date.and_hms_opt(8, 0, 0) {
            self.set(t.and_utc());
        }
    }
}

impl Clock for TestClock {
    fn now(&mut self) -> DateTime<Utc> {
        self.with(|(now, _)| {
            let t = *now;
            *now += chrono::Duration::seconds(1);
            t
        })
    }

    fn new_id(&mut self, at: DateTime<Utc>) -> Uuid {
        let counter = self.with(|(_, counter)| {
            *counter += 1;
            *counter
        });
        let mut random = [0u8; 10];
        random[2..].copy_from_slice(&counter.to_be_bytes());
        uuid::Builder::from_unix_timestamp_millis(at.timestamp_millis() as u64, &random).into_uuid()
    }
}

/// A hybrid logical clock stamp: wall milliseconds and a counter, written as
/// 16 hex digits so that stamps sort as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Hlc {
    pub wall_ms: u64,
    pub counter: u16,
}

impl Hlc {
    /// The next stamp after `self` at wall time `now_ms`: strictly greater
    /// than every stamp seen before, even when the wall clock steps back.
    pub fn tick(self, now_ms: u64) -> Hlc {
        if now_ms > self.wall_ms {
            Hlc { wall_ms: now_ms, counter: 0 }
        } else if self.counter < u16::MAX {
            Hlc { wall_ms: self.wall_ms, counter: self.counter + 1 }
        } else {
            Hlc { wall_ms: self.wall_ms + 1, counter: 0 }
        }
    }

    /// Fixed-width text: 12 hex digits of milliseconds, 4 of counter.
    pub fn encode(self) -> String {
        format!("{:012x}{:04x}", self.wall_ms, self.counter)
    }

    pub fn decode(text: &str) -> Option<Hlc> {
        if text.len() != 16 || !text.is_ascii() {
            return None;
        }
        Some(Hlc {
            wall_ms: u64::from_str_radix(&text[..12], 16).ok()?,
            counter: u16::from_str_radix(&text[12..], 16).ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_sort_as_text_and_round_trip() {
        let a = Hlc { wall_ms: 1_700_000_000_000, counter: 5 };
        let b = a.tick(a.wall_ms);
        let c = b.tick(a.wall_ms + 1);
        assert!(a < b && b < c);
        assert!(a.encode() < b.encode() && b.encode() < c.encode());
        assert_eq!(Hlc::decode(&c.encode()), Some(c));
        assert_eq!(Hlc::decode("nonsense"), None);
    }

    #[test]
    fn a_clock_stepping_back_never_repeats_a_stamp() {
        let a = Hlc { wall_ms: 10_000, counter: 0 };
        let b = a.tick(5_000);
        assert!(b > a);
        let full = Hlc { wall_ms: 10_000, counter: u16::MAX };
        assert!(full.tick(0) > full);
    }

    #[test]
    fn test_clock_ids_are_v7_unique_and_ordered() {
        let mut clock = TestClock::school_year_start();
        let t = clock.now();
        let a = clock.new_id(t);
        let b = clock.new_id(t);
        assert_eq!(a.get_version_num(), 7);
        assert!(a < b);
        assert_ne!(a, b);
        let mut sys = SystemClock::new();
        let now = sys.now();
        let ids: Vec<Uuid> = (0..1000).map(|_| sys.new_id(now)).collect();
        assert!(ids.iter().all(|id| id.get_version_num() == 7));
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids made within one millisecond rise");
    }
}
