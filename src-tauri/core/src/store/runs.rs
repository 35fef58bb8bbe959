//! Queries on runs (groups), their trainers, sessions and attendance.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Result, Store};
use crate::model::{Attendance, Run, Session, Trainer};

impl Store {
    /// Every run, in the order they were made.
    pub fn runs(&self) -> Result<Vec<Run>> {
        self.rows("1", "", &[])
    }

    /// A run's sessions, by date, track and number.
    pub fn sessions_of_run(&self, run: Uuid) -> Result<Vec<Session>> {
        let mut sessions: Vec<Session> = self.rows("run_id = ?1", "", &[&run.to_string()])?;
        sessions.sort_by_key(|s| (s.date, s.track as u8, s.number));
        Ok(sessions)
    }

    /// The sessions of every run on one day.
    pub fn sessions_on(&self, date: NaiveDate) -> Result<Vec<Session>> {
        // Sessions of a deleted group are no longer planned.
        self.rows(
            "date = ?1 AND EXISTS (SELECT 1 FROM run r WHERE r.id = session.run_id AND r.deleted = 0)",
            "",
            &[&date.to_string()],
        )
    }

    /// The trainers of a run, in the order they were added to it.
    pub fn trainers_of_run(&self, run: Uuid) -> Result<Vec<Trainer>> {
        self.rows_of(
            "SELECT trainer.* FROM run_trainer JOIN trainer ON trainer.id = run_trainer.trainer_id
             WHERE run_trainer.run_id = ?1 AND run_trainer.deleted = 0 AND trainer.deleted = 0
             ORDER BY run_trainer.rowid",
            &[&run.to_string()],
        )
    }

    /// How many trainers are linked to a run.
    pub fn trainer_count_of_run(&self, run: Uuid) -> Result<u32> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM run_trainer WHERE run_id = ?1 AND deleted = 0",
            [run.to_string()],
            |r| r.get(0),
        )?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Every contact logged in a run (about one child or the whole group), by date.
    pub fn contacts_of_run(&self, run: Uuid) -> Result<Vec<crate::model::Contact>> {
        self.rows("run_id = ?1", "date", &[&run.to_string()])
    }

    /// The attendance recorded at one session.
    pub fn attendance_of_session(&self, session: Uuid) -> Result<Vec<Attendance>> {
        self.rows("session_id = ?1", "", &[&session.to_string()])
    }

    /// The attendance recorded at all sessions of a run.
    pub fn attendance_of_run(&self, run: Uuid) -> Result<Vec<Attendance>> {
        self.rows("session_id IN (SELECT id FROM session WHERE run_id = ?1)", "", &[&run.to_string()])
    }
}
