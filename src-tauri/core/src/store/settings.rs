//! The `setting` table: preferences of this device, such as the language.

use rusqlite::OptionalExtension;

use super::records::Tx;
use super::{Result, Store};
use crate::i18n::Lang;

const LANGUAGE: &str = "language";
const TRAINER: &str = "trainer_id";
const BACKUP_DAYS: &str = "backup_days";
const BACKUP_WEEKS: &str = "backup_weeks";
const BACKUP_FOLDER: &str = "backup_folder";
const LOCK_PIN: &str = "lock_pin";
const LOCK_IDLE: &str = "lock_idle_seconds";

impl Store {
    fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|tx| tx.set_setting(key, Some(value)))
    }

    /// The secret a study's pseudonyms are made with (random, kept on this
    /// data folder, made at the study's first export).
    pub fn study_salt(&mut self, study: &str, new: impl FnOnce() -> String) -> Result<String> {
        let key = format!("study_salt:{study}");
        if let Some(salt) = self.setting(&key)? {
            return Ok(salt);
        }
        let salt = new();
        self.set_setting(&key, &salt)?;
        Ok(salt)
    }

    /// A flag kept in settings, e.g. that the demo data was added.
    pub fn flag(&self, key: &str) -> Result<bool> {
        Ok(self.setting(key)?.as_deref() == Some("1"))
    }

    /// The trainer who uses this device, if chosen.
    pub fn me(&self) -> Result<Option<uuid::Uuid>> {
        Ok(self.setting(TRAINER)?.and_then(|s| uuid::Uuid::parse_str(&s).ok()))
    }

    pub fn set_me(&mut self, trainer: Option<uuid::Uuid>) -> Result<()> {
        let id = trainer.map(|id| id.to_string());
        self.write(|tx| tx.set_setting(TRAINER, id.as_deref()))
    }

    /// The user's language; Dutch until chosen otherwise.
    pub fn language(&self) -> Result<Lang> {
        Ok(self.setting(LANGUAGE)?.map(|c| Lang::from_code(&c)).unwrap_or_default())
    }

    pub fn set_language(&mut self, lang: Lang) -> Result<()> {
        self.set_setting(LANGUAGE, lang.code())
    }

    /// How many daily and weekly backups to keep, and the second folder
    /// they also go to (as stored; `None` where not chosen).
    pub fn backup_plan(&self) -> Result<(Option<u32>, Option<u32>, Option<String>)> {
        let number = |key| -> Result<Option<u32>> { Ok(self.setting(key)?.and_then(|v| v.parse().ok())) };
        Ok((number(BACKUP_DAYS)?, number(BACKUP_WEEKS)?, self.setting(BACKUP_FOLDER)?))
    }

    /// The app lock: the PIN's hash (if one is set) and the idle time in
    /// seconds (if chosen).
    pub fn app_lock(&self) -> Result<(Option<String>, Option<u32>)> {
        Ok((self.setting(LOCK_PIN)?, self.setting(LOCK_IDLE)?.and_then(|v| v.parse().ok())))
    }

    /// Sets the idle time, and the PIN's hash when given (`Some(None)` removes the PIN).
    pub fn set_app_lock(&mut self, pin_hash: Option<Option<&str>>, idle_seconds: u32) -> Result<()> {
        self.write(|tx| {
            if let Some(hash) = pin_hash {
                tx.set_setting(LOCK_PIN, hash)?;
            }
            tx.set_setting(LOCK_IDLE, Some(&idle_seconds.to_string()))
        })
    }

    pub fn set_backup_plan(&mut self, days: u32, weeks: u32, folder: Option<&str>) -> Result<()> {
        self.write(|tx| {
            tx.set_setting(BACKUP_DAYS, Some(&days.to_string()))?;
            tx.set_setting(BACKUP_WEEKS, Some(&weeks.to_string()))?;
            tx.set_setting(BACKUP_FOLDER, folder)
        })
    }
}

impl Tx<'_> {
    /// A flag kept in settings, read inside this transaction (for a check
    /// that decides a write).
    pub fn flag(&self, key: &str) -> Result<bool> {
        let value: Option<String> =
            self.conn().query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?;
        Ok(value.as_deref() == Some("1"))
    }

    /// Sets a flag in settings inside this transaction.
    pub fn set_flag(&mut self, key: &str) -> Result<()> {
        self.set_setting(key, Some("1"))
    }

    /// Sets (or, with `None`, removes) a setting inside this transaction.
    pub(super) fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(value) => self.conn().execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )?,
            None => self.conn().execute("DELETE FROM setting WHERE key = ?1", [key])?,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_defaults_to_dutch_and_is_kept() {
        let mut store = Store::open_in_memory().expect("store");
        assert_eq!(store.language().expect("lang"), Lang::Nl);
        store.set_language(Lang::En).expect("set");
        assert_eq!(store.language().expect("lang"), Lang::En);
        store.set_language(Lang::Nl).expect("set");
        assert_eq!(store.language().expect("lang"), Lang::Nl);
    }
}
