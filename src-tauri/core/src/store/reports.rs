//! Queries on end reports and the tips chosen for them.

use uuid::Uuid;

use super::{Result, Store};
use crate::model::{EndReportVersion, Tip};

impl Store {
    /// The final versions of an enrolment's end reports, newest first.
    pub fn final_versions(&self, enrolment: Uuid) -> Result<Vec<EndReportVersion>> {
        self.rows("enrolment_id = ?1", "version DESC", &[&enrolment.to_string()])
    }

    /// The highest final version number for one audience ("school", "parents"), if any.
    pub fn latest_final_version(&self, enrolment: Uuid, audience: &str) -> Result<Option<u32>> {
        let versions: Vec<EndReportVersion> =
            self.rows("enrolment_id = ?1 AND audience = ?2", "version DESC", &[&enrolment.to_string(), &audience])?;
        Ok(versions.first().map(|v| v.version))
    }

    /// The tip an enrolment took from the library entry `source`, if chosen.
    pub fn tip_from_library(&self, enrolment: Uuid, source: &str) -> Result<Option<Tip>> {
        let found = self.rows("enrolment_id = ?1 AND source = ?2", "", &[&enrolment.to_string(), &source])?;
        Ok(found.into_iter().next())
    }
}

impl super::records::Tx<'_> {
    /// The highest final version number for one audience, read inside the
    /// write that adds the next one (two finalisings cannot both take it).
    pub fn latest_final_version(&self, enrolment: Uuid, audience: &str) -> Result<Option<u32>> {
        let versions: Vec<EndReportVersion> =
            self.rows("enrolment_id = ?1 AND audience = ?2", "version DESC", &[&enrolment.to_string(), &audience])?;
        Ok(versions.first().map(|v| v.version))
    }
}
