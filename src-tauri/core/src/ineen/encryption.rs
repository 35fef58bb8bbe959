//! The data folder's key: found in the laptop's keyring, or opened with the
//! recovery passphrase from `ineen.key`, or made (and sealed with a
//! passphrase chosen now) for a new folder or a plain store of an older
//! Ineen, which is then encrypted.

use std::path::Path;

use super::{BACKUP_DIR, DB_FILE};
use crate::error::{Error, NeedPassphrase, Result};
use crate::keys::{DataKey, KeyError, SealedKey, Unlock, KEY_FILE};
use crate::store::cipher;

/// A data folder's key and its name in the keyring.
pub struct FolderKey {
    pub key: DataKey,
    pub id: String,
}

fn read_sealed(data_dir: &Path) -> Result<Option<SealedKey>> {
    let path = data_dir.join(KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(SealedKey::from_json(&text)?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::File { path, source }),
    }
}

/// The key of the data folder `data_dir`. From the keyring if it has it
/// (and it fits the store); else opened with the passphrase (and then
/// kept in the keyring). A folder without `ineen.key` gets a new key sealed
/// with the passphrase given, and a plain store in it is encrypted —
/// unless `may_write` is false (a command that only reads). Nothing is
/// changed when this fails.
pub fn folder_key(data_dir: &Path, unlock: &Unlock, may_write: bool) -> Result<FolderKey> {
    let store = data_dir.join(DB_FILE);
    if may_write {
        cipher::finish_interrupted(&store)?;
    }
    let found = match read_sealed(data_dir)? {
        Some(sealed) => open_sealed(&sealed, &store, unlock)?,
        None => {
            let plain = cipher::is_plain(&store);
            if !plain && std::fs::metadata(&store).is_ok_and(|m| m.len() > 0) {
                return Err(Error::KeyFileMissing);
            }
            if plain && !may_write {
                return Err(Error::NotYetEncrypted);
            }
            let why = if plain { NeedPassphrase::Encrypt } else { NeedPassphrase::New };
            let passphrase = unlock.passphrase.as_deref().ok_or(Error::PassphraseNeeded(why))?;
            let key = DataKey::generate()?;
            let sealed = key.seal(passphrase, unlock.cost)?;
            // The sealed key is on disk before anything is encrypted with it.
            crate::files::write(
                &data_dir.join(KEY_FILE),
                sealed.to_json().as_bytes(),
                crate::files::Existing::Keep,
                &[],
            )?;
            unlock.keyring.put(&sealed.id, &key);
            FolderKey { key, id: sealed.id }
        }
    };
    if cipher::is_plain(&store) {
        if !may_write {
            return Err(Error::NotYetEncrypted);
        }
        encrypt_plain_store(data_dir, &found.key)?;
    }
    Ok(found)
}

/// The key sealed in `ineen.key`: from the keyring when it fits the store,
/// else with the passphrase.
fn open_sealed(sealed: &SealedKey, store: &Path, unlock: &Unlock) -> Result<FolderKey> {
    if let Some(key) = unlock.keyring.get(&sealed.id) {
        if cipher::fits(store, &key) {
            return Ok(FolderKey { key, id: sealed.id.clone() });
        }
        // Not this folder's key after all (the folder was replaced).
        unlock.keyring.forget(&sealed.id);
    }
    let passphrase = unlock.passphrase.as_deref().ok_or(Error::PassphraseNeeded(NeedPassphrase::Open))?;
    let key = sealed.open(passphrase)?;
    unlock.keyring.put(&sealed.id, &key);
    Ok(FolderKey { key, id: sealed.id.clone() })
}

/// Encrypts the plain store of an older Ineen and its plain backups.
fn encrypt_plain_store(data_dir: &Path, key: &DataKey) -> Result<()> {
    cipher::encrypt_plain(&data_dir.join(DB_FILE), key)?;
    let backups = data_dir.join(BACKUP_DIR);
    for entry in std::fs::read_dir(&backups).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "sqlite") && cipher::is_plain(&path) {
            cipher::encrypt_plain(&path, key)?;
        }
    }
    Ok(())
}

/// Seals the data folder's key with a new recovery passphrase, once the
/// current one opens it. The store is not re-encrypted: the key stays.
pub fn change_passphrase(data_dir: &Path, current: &str, new: &str) -> Result<()> {
    let sealed = read_sealed(data_dir)?.ok_or(Error::KeyFileMissing)?;
    let changed = crate::keys::change_passphrase(&sealed, current, new)?;
    if changed.open(new).is_err() {
        return Err(KeyError::Crypto("the new seal does not open".into()).into());
    }
    crate::files::write(&data_dir.join(KEY_FILE), changed.to_json().as_bytes(), crate::files::Existing::Replace, &[])
}

/// The window's lock: after `idle_seconds` without use (and on Ctrl+L) it
/// hides everything until the PIN or the recovery passphrase is typed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct AppLock {
    pub pin_set: bool,
    pub idle_seconds: u32,
}

/// Ten minutes, until chosen otherwise.
pub const LOCK_IDLE_DEFAULT: u32 = 600;
const LOCK_IDLE_MIN: u32 = 5;
const LOCK_IDLE_MAX: u32 = 4 * 3600;

impl super::Ineen {
    pub fn app_lock(&self) -> Result<AppLock> {
        let (pin, idle) = self.store.app_lock()?;
        Ok(AppLock { pin_set: pin.is_some(), idle_seconds: idle.unwrap_or(LOCK_IDLE_DEFAULT) })
    }

    /// Chooses the idle time and, with `pin`, a new PIN (4–12 digits; an
    /// empty one removes the PIN, so the passphrase unlocks); `None` keeps it.
    pub fn set_app_lock(&mut self, pin: Option<&str>, idle_seconds: u32) -> Result<AppLock> {
        use crate::error::{Field, Invalid};
        if !(LOCK_IDLE_MIN..=LOCK_IDLE_MAX).contains(&idle_seconds) {
            let (min, max) = (i64::from(LOCK_IDLE_MIN), i64::from(LOCK_IDLE_MAX));
            return Err(Invalid::OutOfRange { field: Field::LockIdle, min, max }.into());
        }
        let hash = match pin.map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(pin) if (4..=12).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit()) => {
                Some(Some(crate::keys::hash_pin(pin)?))
            }
            Some(_) => return Err(Invalid::Pin.into()),
        };
        self.store.set_app_lock(hash.as_ref().map(|h| h.as_deref()), idle_seconds)?;
        self.app_lock()
    }

    /// Whether `secret` unlocks the window: the PIN when one is set, and
    /// always the recovery passphrase (a forgotten PIN locks no one out).
    pub fn unlocks(&self, secret: &str) -> Result<bool> {
        if let Some(hash) = self.store.app_lock()?.0 {
            if crate::keys::verify_pin(&hash, secret.trim()) {
                return Ok(true);
            }
        }
        let dir = self.data_dir.as_deref().ok_or(Error::Invalid(crate::error::Invalid::NoDataFolder))?;
        let sealed = read_sealed(dir)?.ok_or(Error::KeyFileMissing)?;
        Ok(sealed.open(secret).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::Unlock;

    #[test]
    fn the_window_unlocks_with_the_pin_or_else_the_passphrase() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut ineen = super::super::Ineen::open(dir.path(), &Unlock::for_tests()).expect("open");
        assert_eq!(ineen.app_lock().expect("get"), AppLock { pin_set: false, idle_seconds: 600 });
        assert!(ineen.unlocks("herstelwachtwoord voor tests").expect("check"), "no PIN: the passphrase");
        assert!(!ineen.unlocks("iets anders").expect("check"));
        for bad in ["12", "12ab", "1234567890123"] {
            assert_eq!(ineen.set_app_lock(Some(bad), 600).expect_err(bad).code(), crate::ErrorCode::InvalidInput);
        }
        assert!(ineen.set_app_lock(None, 2).is_err(), "a few seconds at least");
        let lock = ineen.set_app_lock(Some("2468"), 300).expect("set");
        assert_eq!(lock, AppLock { pin_set: true, idle_seconds: 300 });
        assert!(ineen.unlocks("2468").expect("check"));
        assert!(!ineen.unlocks("1357").expect("check"), "another PIN");
        assert!(ineen.unlocks("herstelwachtwoord voor tests").expect("check"), "a forgotten PIN: the passphrase");
        assert!(ineen.set_app_lock(None, 60).expect("keep").pin_set, "the PIN is kept");
        assert!(!ineen.set_app_lock(Some(""), 60).expect("remove").pin_set);
    }
}
