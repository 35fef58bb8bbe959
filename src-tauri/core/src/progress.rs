//! How far a long job is (an import of a ten-year organisation takes most
//! of a minute): the window shows a bar, the command line an `indicatif`
//! bar on a terminal. The core only counts; who listens decides how to show.

use serde::Serialize;
use ts_rs::TS;

/// The part of a job under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// An import's records are checked (every reference, every text).
    Checking,
    /// An import's records are merged into the store.
    Merging,
    /// An export's tables are read.
    Reading,
    /// A batch's end reports are written.
    Reports,
    /// A sync writes this laptop's changes as bundles into the shared folder.
    Sending,
    /// A sync takes in the other laptops' bundles.
    Receiving,
}

impl Stage {
    /// What the stage is called on screen.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            Stage::Checking => lang.pick("Controleren", "Checking"),
            Stage::Merging => lang.pick("Inlezen", "Importing"),
            Stage::Reading => lang.pick("Lezen", "Reading"),
            Stage::Reports => lang.pick("Eindverslagen", "End reports"),
            Stage::Sending => lang.pick("Versturen", "Sending"),
            Stage::Receiving => lang.pick("Ontvangen", "Receiving"),
        }
    }
}

/// `done` of `total` steps of `stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    pub stage: Stage,
    pub done: u32,
    pub total: u32,
}

impl Progress {
    /// `done` of `total` steps of `stage` (counts beyond `u32` are capped).
    pub fn new(stage: Stage, done: usize, total: usize) -> Progress {
        Progress { stage, done: count(done), total: count(total) }
    }
}

/// Where progress goes; [`quiet`] for nowhere.
pub type OnProgress<'a> = &'a dyn Fn(Progress);

/// Progress that goes nowhere.
pub fn quiet(_: Progress) {}

/// Counts one stage and passes on about two hundred steps of it (and the
/// first and the last), however many records it has: a listener is never
/// flooded, and never left without news for long.
pub struct Ticker<'a> {
    on: OnProgress<'a>,
    stage: Stage,
    total: u32,
    every: u32,
    next: u32,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> Ticker<'a> {
    pub fn new(on: OnProgress<'a>, stage: Stage, total: usize) -> Ticker<'a> {
        let total = count(total);
        let ticker = Ticker { on, stage, total, every: (total / 200).max(1), next: 0 };
        (ticker.on)(Progress { stage, done: 0, total });
        ticker
    }

    /// `done` steps are done.
    pub fn at(&mut self, done: usize) {
        let done = count(done);
        if done >= self.next || done >= self.total {
            (self.on)(Progress { stage: self.stage, done: done.min(self.total), total: self.total });
            self.next = done.saturating_add(self.every);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn a_long_stage_is_told_in_about_two_hundred_steps_ending_at_its_total() {
        let seen = RefCell::new(Vec::new());
        let on = |p: Progress| seen.borrow_mut().push(p.done);
        let mut ticker = Ticker::new(&on, Stage::Merging, 100_000);
        for done in 1..=100_000 {
            ticker.at(done);
        }
        let seen = seen.into_inner();
        assert!((200..=202).contains(&seen.len()), "{}", seen.len());
        assert_eq!(seen.first(), Some(&0));
        assert_eq!(seen.last(), Some(&100_000));
        assert!(seen.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_short_stage_is_told_every_step() {
        let seen = RefCell::new(Vec::new());
        let on = |p: Progress| seen.borrow_mut().push((p.done, p.total));
        let mut ticker = Ticker::new(&on, Stage::Checking, 3);
        (1..=3).for_each(|d| ticker.at(d));
        assert_eq!(seen.into_inner(), [(0, 3), (1, 3), (2, 3), (3, 3)]);
    }
}
