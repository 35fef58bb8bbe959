//! Property tests: the schedule rules for any start, and a lossless export
//! round trip for any history of edits.

use chrono::{Datelike, Duration, NaiveDate};
use ineen_core::clock::TestClock;
use ineen_core::curriculum::{self, Rhythm};
use ineen_core::model::*;
use ineen_core::rules;
use ineen_core::Ineen;
use proptest::prelude::*;

fn programmes() -> Vec<ineen_core::Programme> {
    curriculum::builtin().expect("builtin")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn schedules_keep_the_curriculum_and_skip_every_free_day(
        which in 0usize..4,
        offset in 0i64..330,
        weekday in 1u8..=5,
        region in prop_oneof![Just(None), Just(Some(Region::Noord)), Just(Some(Region::Midden)), Just(Some(Region::Zuid))],
    ) {
        let programme = &programmes()[which];
        let start = NaiveDate::from_ymd_opt(2026, 8, 1).expect("date") + Duration::days(offset);
        let free = rules::holidays(region);
        let plan = rules::plan_sessions(programme, start, rules::weekday(weekday).expect("day"), &free);
        for track in &programme.tracks {
            let numbers: Vec<u32> = plan.iter().filter(|s| s.track == track.kind).map(|s| s.number).collect();
            prop_assert_eq!(numbers, (1..=track.sessions).collect::<Vec<_>>());
        }
        for s in &plan {
            prop_assert!(s.date >= start);
            prop_assert!(!free.iter().any(|f| f.from <= s.date && s.date <= f.until), "{} is free", s.date);
            match programme.schedule.rhythm {
                Rhythm::Weekly => prop_assert_eq!(s.date.weekday().number_from_monday(), u32::from(weekday)),
                Rhythm::ConsecutiveDays => prop_assert!(s.date.weekday().number_from_monday() <= 5),
            }
        }
        prop_assert!(plan.windows(2).all(|w| w[0].date <= w[1].date));
    }

    /// The rolling window of the attendance rules ("16 hours in any 4 weeks")
    /// finds what trying every possible first day finds, for any events.
    #[test]
    fn the_heaviest_window_is_the_heaviest_of_all_windows(
        events in proptest::collection::vec((0i64..200, 0u32..300), 0..40),
        weeks in 1u32..8,
    ) {
        let day0 = NaiveDate::from_ymd_opt(2026, 8, 31).expect("date");
        let dated: Vec<(NaiveDate, u32)> = events.iter().map(|&(d, m)| (day0 + Duration::days(d), m)).collect();
        let days = i64::from(weeks * 7);
        let brute = (-days..200)
            .map(|first| events.iter().filter(|(d, _)| (first..first + days).contains(d)).map(|(_, m)| m).sum::<u32>())
            .max()
            .unwrap_or(0);
        let found = rules::heaviest_window(&dated, weeks * 7);
        prop_assert_eq!(found.map_or(0, |(total, _, _)| total), brute);
        if let Some((total, from, to)) = found {
            // The named stretch lies within one window and holds the total.
            prop_assert!(from <= to && (to - from).num_days() < days);
            let inside: u32 = dated.iter().filter(|(d, _)| from <= *d && *d <= to).map(|(_, m)| m).sum();
            prop_assert_eq!(inside, total);
        }
        // Moving every event by the same number of days changes nothing; an
        // extra event never makes the heaviest window lighter.
        let shifted: Vec<(NaiveDate, u32)> = dated.iter().map(|&(d, m)| (d + Duration::days(37), m)).collect();
        prop_assert_eq!(rules::heaviest_window(&shifted, weeks * 7).map(|w| w.0), found.map(|w| w.0));
        let mut more = dated.clone();
        more.push((day0 + Duration::days(100), 1));
        prop_assert!(rules::heaviest_window(&more, weeks * 7).map_or(0, |w| w.0) >= found.map_or(0, |w| w.0));
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Add { given: String, family: String, days: i64 },
    Rename { which: usize, given: String },
    Delete { which: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        ("\\PC{1,12}", "[A-Za-zéëï' -]{1,16}", 0i64..6000)
            .prop_map(|(given, family, days)| { Edit::Add { given, family, days } }),
        (any::<usize>(), "\\PC{1,12}").prop_map(|(which, given)| Edit::Rename { which, given }),
        any::<usize>().prop_map(|which| Edit::Delete { which }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn export_then_import_is_lossless_for_any_history(edits in prop::collection::vec(edit(), 1..25)) {
        let mut a = Ineen::open_in_memory_with(Box::new(TestClock::school_year_start())).expect("store");
        let mut people: Vec<Participant> = Vec::new();
        for e in edits {
            match e {
                Edit::Add { given, family, days } => {
                    let p = Participant {
                        id: a.new_id(),
                        given_name: given,
                        family_name: family,
                        birth_date: NaiveDate::from_ymd_opt(2005, 1, 1).expect("date") + Duration::days(days),
                        school_id: None,
                        class_name: None,
                    };
                    a.save(&p).expect("save");
                    people.push(p);
                }
                Edit::Rename { which, given } if !people.is_empty() => {
                    let i = which % people.len();
                    people[i].given_name = given;
                    a.save(&people[i]).expect("save");
                }
                Edit::Delete { which } if !people.is_empty() => {
                    let p = people.remove(which % people.len());
                    a.delete::<Participant>(p.id).expect("delete");
                }
                _ => {}
            }
        }
        let first = a.export_json().expect("export");
        let mut b = Ineen::open_in_memory_with(Box::new(TestClock::school_year_start())).expect("store");
        b.import_json(&first).expect("import");
        prop_assert_eq!(&b.export_json().expect("export"), &first);
        prop_assert_eq!(a.import_json(&first).expect("self-import"), 0, "nothing is newer than itself");
        for p in &people {
            prop_assert_eq!(b.participant(p.id).expect("found"), p.clone());
        }
    }
}
