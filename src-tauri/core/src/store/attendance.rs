//! Queries on the `attendance` table.

use uuid::Uuid;

use super::{Result, Store};
use crate::model::Attendance;

impl Store {
    /// The attendance recorded at one session.
    pub fn attendance_of_session(&self, session_id: Uuid) -> Result<Vec<Attendance>> {
        self.select("session_id = ?1", &[&session_id.to_string()])
    }

    /// The attendance recorded at all sessions of a run.
    pub fn attendance_of_run(&self, run_id: Uuid) -> Result<Vec<Attendance>> {
        self.select("session_id IN (SELECT id FROM session WHERE run_id = ?1)", &[&run_id.to_string()])
    }
}
