//! The data folder's key, and its copy sealed with the recovery passphrase.
//!
//! Each data folder gets a random 256-bit data key (for the encrypted store,
//! issue 12). The operating system's credential store keeps it on the
//! trainer's own laptop; a copy sealed with a key derived from the
//! **recovery passphrase** (Argon2id) lies in the data folder as
//! `ineen.key`, so the data survives a new laptop, a restored backup or a
//! lost keyring. Changing the passphrase seals the same data key anew: the
//! store is not re-encrypted. The file says how its key was derived (cost,
//! salt) and binds those settings to the sealed key (they are the AEAD's
//! associated data): a file with other settings does not open.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::BASE64;
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;
pub use zeroize::Zeroizing;

use crate::i18n::Lang;

/// The file in the data folder with the sealed data key.
pub const KEY_FILE: &str = "ineen.key";
const FORMAT: &str = "ineen-key";
const VERSION: u32 = 1;
/// The shortest recovery passphrase accepted, in characters.
pub const MIN_PASSPHRASE: usize = 12;

/// What can go wrong with the key, with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("passphrase too short")]
    TooShort,
    #[error("key file unreadable: {0}")]
    Unreadable(String),
    #[error("crypto: {0}")]
    Crypto(String),
}

impl KeyError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (KeyError::WrongPassphrase, Lang::Nl) => {
                "Dat is niet het herstelwachtwoord van deze gegevens. Er is niets veranderd; probeer het opnieuw \
                 (let op hoofdletters), of vraag het aan wie het heeft ingesteld."
                    .into()
            }
            (KeyError::WrongPassphrase, Lang::En) => {
                "That is not the recovery passphrase of this data. Nothing was changed; try again (mind capitals), \
                 or ask whoever set it."
                    .into()
            }
            (KeyError::TooShort, Lang::Nl) => format!(
                "Kies een herstelwachtwoord van minstens {MIN_PASSPHRASE} tekens, bijvoorbeeld vier losse woorden."
            ),
            (KeyError::TooShort, Lang::En) => {
                format!("Choose a recovery passphrase of at least {MIN_PASSPHRASE} characters, four loose words say.")
            }
            (KeyError::Unreadable(detail), Lang::Nl) => format!(
                "Het sleutelbestand {KEY_FILE} in de gegevensmap is beschadigd ({detail}). Er is niets veranderd; \
                 zet het terug uit een reservekopie van de map."
            ),
            (KeyError::Unreadable(detail), Lang::En) => format!(
                "The key file {KEY_FILE} in the data folder is damaged ({detail}). Nothing was changed; \
                 put it back from a copy of the folder."
            ),
            (KeyError::Crypto(detail), Lang::Nl) => format!("De sleutel kon niet worden gemaakt ({detail})."),
            (KeyError::Crypto(detail), Lang::En) => format!("The key could not be made ({detail})."),
        }
    }
}

/// A data key: 32 random bytes, wiped from memory when dropped.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

/// How hard the passphrase is made to guess (Argon2id's memory in KiB,
/// passes and lanes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl Cost {
    /// About a third of a second on a school laptop, 64 MiB: only asked on a
    /// new laptop or after a lost keyring, so it may be slow for a guesser.
    pub const DEFAULT: Cost = Cost { m_kib: 64 * 1024, t: 3, p: 1 };
}

/// The sealed copy of the data key, as kept in `ineen.key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedKey {
    pub format: String,
    pub version: u32,
    /// Which data key this is (random, kept through passphrase changes):
    /// the name of its entry in the keyring.
    pub id: String,
    /// Always "argon2id".
    pub kdf: String,
    pub cost: Cost,
    pub salt: String,
    pub nonce: String,
    pub sealed: String,
}

fn random<const N: usize>() -> Result<[u8; N], KeyError> {
    crate::sync::random_bytes::<N>().map_err(|e| KeyError::Crypto(e.to_string()))
}

/// The key-encryption key from a passphrase.
fn derive(passphrase: &str, salt: &[u8], cost: Cost) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    let params =
        argon2::Params::new(cost.m_kib, cost.t, cost.p, Some(32)).map_err(|e| KeyError::Unreadable(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon.hash_password_into(passphrase.as_bytes(), salt, &mut out[..]).map_err(|e| KeyError::Crypto(e.to_string()))?;
    Ok(out)
}

impl SealedKey {
    /// What the seal binds besides the key: the file's own settings.
    fn bound(&self) -> Vec<u8> {
        format!(
            "{}/{}/{}/{}/{}/{}/{}/{}",
            self.format, self.version, self.id, self.kdf, self.cost.m_kib, self.cost.t, self.cost.p, self.salt
        )
        .into_bytes()
    }

    /// Opens the data key with the passphrase; any other passphrase (or a
    /// file changed in any way) is refused.
    pub fn open(&self, passphrase: &str) -> Result<DataKey, KeyError> {
        let bad = |what: &str| KeyError::Unreadable(what.to_string());
        if self.format != FORMAT || self.version != VERSION || self.kdf != "argon2id" {
            return Err(bad("unknown format"));
        }
        let salt = BASE64.decode(self.salt.as_bytes()).map_err(|_| bad("salt"))?;
        let nonce = BASE64.decode(self.nonce.as_bytes()).map_err(|_| bad("nonce"))?;
        let sealed = BASE64.decode(self.sealed.as_bytes()).map_err(|_| bad("sealed key"))?;
        if nonce.len() != 24 || salt.len() < 16 {
            return Err(bad("nonce or salt"));
        }
        let kek = derive(passphrase, &salt, self.cost)?;
        let cipher = XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(&kek[..]));
        let mut plain = cipher
            .decrypt(XNonce::from_slice(&nonce), Payload { msg: &sealed, aad: &self.bound() })
            .map_err(|_| KeyError::WrongPassphrase)?;
        let key: [u8; 32] = plain.as_slice().try_into().map_err(|_| bad("key length"))?;
        plain.zeroize();
        Ok(DataKey(Zeroizing::new(key)))
    }

    /// Reads `ineen.key`.
    pub fn from_json(text: &str) -> Result<SealedKey, KeyError> {
        serde_json::from_str(text).map_err(|e| KeyError::Unreadable(e.to_string()))
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl DataKey {
    /// A new random data key.
    pub fn generate() -> Result<DataKey, KeyError> {
        Ok(DataKey(Zeroizing::new(random::<32>()?)))
    }

    /// The key as SQLCipher takes it: `x'…'` with 64 hex digits.
    pub fn sqlcipher(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", self.hex().as_str()))
    }

    fn hex(&self) -> Zeroizing<String> {
        Zeroizing::new(self.0.iter().map(|b| format!("{b:02x}")).collect())
    }

    fn from_hex(text: &str) -> Option<DataKey> {
        let bytes = Zeroizing::new(data_encoding::HEXLOWER_PERMISSIVE.decode(text.trim().as_bytes()).ok()?);
        Some(DataKey(Zeroizing::new(bytes.as_slice().try_into().ok()?)))
    }

    /// Seals this key with a passphrase (a new salt and nonce each time),
    /// under a new id.
    pub fn seal(&self, passphrase: &str, cost: Cost) -> Result<SealedKey, KeyError> {
        let id: String = random::<8>()?.iter().map(|b| format!("{b:02x}")).collect();
        self.seal_as(&id, passphrase, cost)
    }

    fn seal_as(&self, id: &str, passphrase: &str, cost: Cost) -> Result<SealedKey, KeyError> {
        if passphrase.trim().chars().count() < MIN_PASSPHRASE {
            return Err(KeyError::TooShort);
        }
        let salt = random::<16>()?;
        let nonce = random::<24>()?;
        let mut sealed = SealedKey {
            format: FORMAT.into(),
            version: VERSION,
            id: id.to_string(),
            kdf: "argon2id".into(),
            cost,
            salt: BASE64.encode(&salt),
            nonce: BASE64.encode(&nonce),
            sealed: String::new(),
        };
        let kek = derive(passphrase, &salt, cost)?;
        let cipher = XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(&kek[..]));
        let bytes = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: &self.0[..], aad: &sealed.bound() })
            .map_err(|e| KeyError::Crypto(e.to_string()))?;
        sealed.sealed = BASE64.encode(&bytes);
        Ok(sealed)
    }

    /// Whether two keys are the same (for tests and a passphrase change).
    pub fn same_as(&self, other: &DataKey) -> bool {
        self.0[..] == other.0[..]
    }
}

/// Seals the key in `sealed` with a new passphrase, once the old one opens
/// it: the data key (and so the store) stays the same.
pub fn change_passphrase(sealed: &SealedKey, old: &str, new: &str) -> Result<SealedKey, KeyError> {
    let key = sealed.open(old)?;
    key.seal_as(&sealed.id, new, sealed.cost)
}

/// Where a laptop keeps data keys so that its trainer is never asked for
/// them: the operating system's credential store ([`OsKeyring`]).
pub trait Keyring: Send + Sync {
    /// The key stored under `id`, if this keyring has it (and can be reached).
    fn get(&self, id: &str) -> Option<DataKey>;
    /// Keeps `key` under `id`; false when there is no keyring to keep it in.
    fn put(&self, id: &str, key: &DataKey) -> bool;
    /// Forgets the key under `id` (it did not fit its store).
    fn forget(&self, id: &str);
}

/// The operating system's credential store (Secret Service on Linux,
/// Credential Manager on Windows, Keychain on macOS), with the keys this
/// process already opened kept in memory. Where there is none (a headless
/// machine), nothing is stored on disk instead: the passphrase is asked.
#[derive(Default)]
pub struct OsKeyring {
    opened: MemoryKeyring,
}

const KEYRING_SERVICE: &str = "Ineen";

impl OsKeyring {
    fn entry(id: &str) -> Option<keyring::Entry> {
        keyring::Entry::new(KEYRING_SERVICE, &format!("gegevenssleutel-{id}")).ok()
    }
}

impl Keyring for OsKeyring {
    fn get(&self, id: &str) -> Option<DataKey> {
        if let Some(key) = self.opened.get(id) {
            return Some(key);
        }
        let secret = Zeroizing::new(OsKeyring::entry(id)?.get_password().ok()?);
        let key = DataKey::from_hex(&secret)?;
        self.opened.put(id, &key);
        Some(key)
    }

    fn put(&self, id: &str, key: &DataKey) -> bool {
        self.opened.put(id, key);
        OsKeyring::entry(id).is_some_and(|e| e.set_password(&key.hex()).is_ok())
    }

    fn forget(&self, id: &str) {
        self.opened.forget(id);
        if let Some(e) = OsKeyring::entry(id) {
            let _ = e.delete_credential();
        }
    }
}

/// A keyring in memory only, gone with the process: a laptop's keyring in
/// tests (a "new laptop" is a new one).
#[derive(Default)]
pub struct MemoryKeyring(std::sync::Mutex<std::collections::HashMap<String, DataKey>>);

impl Keyring for MemoryKeyring {
    fn get(&self, id: &str) -> Option<DataKey> {
        let keys = self.0.lock().unwrap_or_else(|p| p.into_inner());
        keys.get(id).cloned()
    }

    fn put(&self, id: &str, key: &DataKey) -> bool {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(id.to_string(), key.clone());
        true
    }

    fn forget(&self, id: &str) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).remove(id);
    }
}

/// What may open a data folder: the laptop's keyring, and a recovery
/// passphrase when one was given (typed in the window, `INEEN_PASSPHRASE`
/// or `--passphrase-file` on the command line). A new folder's key is
/// sealed with that passphrase at `cost`.
#[derive(Clone)]
pub struct Unlock {
    pub keyring: std::sync::Arc<dyn Keyring>,
    pub passphrase: Option<Zeroizing<String>>,
    pub cost: Cost,
}

impl Unlock {
    /// The operating system's keyring, and the passphrase if given.
    pub fn os(passphrase: Option<Zeroizing<String>>) -> Unlock {
        Unlock { keyring: std::sync::Arc::new(OsKeyring::default()), passphrase, cost: Cost::DEFAULT }
    }

    /// Only a passphrase (a keyring of this value's own, in memory).
    pub fn passphrase(passphrase: &str) -> Unlock {
        Unlock {
            keyring: std::sync::Arc::new(MemoryKeyring::default()),
            passphrase: Some(Zeroizing::new(passphrase.to_string())),
            cost: Cost::DEFAULT,
        }
    }

    /// A passphrase with a cheap key derivation and an in-memory keyring:
    /// for tests only (a real data folder's key is sealed at
    /// [`Cost::DEFAULT`]).
    pub fn for_tests() -> Unlock {
        Unlock { cost: Cost { m_kib: 1024, t: 1, p: 1 }, ..Unlock::passphrase("herstelwachtwoord voor tests") }
    }

    /// The same keyring with this passphrase.
    pub fn with_passphrase(&self, passphrase: Option<Zeroizing<String>>) -> Unlock {
        Unlock { passphrase, ..self.clone() }
    }
}

/// How hard a PIN is made to guess (it only guards an unlocked laptop's
/// screen; the data key is not derived from it): 19 MiB, two passes.
const PIN_COST: Cost = Cost { m_kib: 19 * 1024, t: 2, p: 1 };

/// A PIN's hash for the settings: `argon2id$m,t,p$salt$hash` (base64).
pub fn hash_pin(pin: &str) -> Result<String, KeyError> {
    let salt = random::<16>()?;
    let hash = derive(pin, &salt, PIN_COST)?;
    let c = PIN_COST;
    Ok(format!("argon2id${},{},{}${}${}", c.m_kib, c.t, c.p, BASE64.encode(&salt), BASE64.encode(&hash[..])))
}

/// Whether `pin` is the PIN hashed in `stored` (compared in constant time).
pub fn verify_pin(stored: &str, pin: &str) -> bool {
    let parts: Vec<&str> = stored.split('$').collect();
    let [kind, cost, salt, hash] = parts[..] else { return false };
    let numbers: Vec<u32> = cost.split(',').filter_map(|n| n.parse().ok()).collect();
    let (&[m_kib, t, p], "argon2id") = (&numbers[..], kind) else { return false };
    let (Ok(salt), Ok(hash)) = (BASE64.decode(salt.as_bytes()), BASE64.decode(hash.as_bytes())) else { return false };
    let Ok(found) = derive(pin, &salt, Cost { m_kib, t, p }) else { return false };
    hash.len() == found.len() && hash.iter().zip(found.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Failed unlock attempts, slowed down: after three, each next try waits
/// twice as long as the last (2 s, 4 s, … at most 5 minutes).
#[derive(Debug, Default)]
pub struct Attempts {
    failed: u32,
    not_before: Option<std::time::Instant>,
}

impl Attempts {
    /// How long to wait before another try is taken, if at all.
    pub fn wait(&self, now: std::time::Instant) -> Option<std::time::Duration> {
        self.not_before.filter(|t| *t > now).map(|t| t - now)
    }

    /// Notes a failed try.
    pub fn failed(&mut self, now: std::time::Instant) {
        self.failed += 1;
        if self.failed >= 3 {
            let secs = 2u64.saturating_pow(self.failed - 2).min(300);
            self.not_before = Some(now + std::time::Duration::from_secs(secs));
        }
    }

    /// A try succeeded: the count starts again.
    pub fn succeeded(&mut self) {
        *self = Attempts::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cheap settings for tests (the real cost is checked once below).
    const TEST: Cost = Cost { m_kib: 1024, t: 1, p: 1 };

    #[test]
    fn the_passphrase_opens_the_key_and_nothing_else_does() {
        let key = DataKey::generate().expect("key");
        let sealed = key.seal("vier losse woorden hier", TEST).expect("seal");
        let file = sealed.to_json();
        assert!(!file.contains(&key.sqlcipher()[2..66]), "the key is not in the file in the clear");
        let back = SealedKey::from_json(&file).expect("read");
        assert!(back.open("vier losse woorden hier").expect("open").same_as(&key));
        let wrong = back.open("vier losse woorden daar").expect_err("wrong");
        assert!(matches!(wrong, KeyError::WrongPassphrase));
        assert!(wrong.message(Lang::Nl).contains("Er is niets veranderd"));
        // Cheaper settings written into the file do not open it.
        let mut cheaper = back.clone();
        cheaper.cost.t = 2;
        assert!(cheaper.open("vier losse woorden hier").is_err());
        assert!(matches!(key.seal("kort", TEST), Err(KeyError::TooShort)));
        assert!(matches!(SealedKey::from_json("{}"), Err(KeyError::Unreadable(_))));
    }

    #[test]
    fn a_new_passphrase_seals_the_same_key() {
        let key = DataKey::generate().expect("key");
        let sealed = key.seal("het oude wachtwoord", TEST).expect("seal");
        let changed = change_passphrase(&sealed, "het oude wachtwoord", "het nieuwe wachtwoord!").expect("change");
        assert!(changed.open("het nieuwe wachtwoord!").expect("open").same_as(&key));
        assert_eq!(changed.id, sealed.id, "the keyring entry stays the same");
        assert!(changed.open("het oude wachtwoord").is_err(), "the old passphrase no longer opens it");
        assert!(change_passphrase(&sealed, "niet het oude", "het nieuwe wachtwoord!").is_err());
        assert_eq!(key.sqlcipher().len(), 67);
    }

    #[test]
    fn a_pin_is_kept_as_a_slow_hash_and_tries_are_slowed_down() {
        let stored = hash_pin("2468").expect("hash");
        assert!(!stored.contains("2468"));
        assert!(verify_pin(&stored, "2468"));
        assert!(!verify_pin(&stored, "2469"));
        assert!(!verify_pin("argon2id$1,1,1$x$y", "2468"), "a damaged hash opens nothing");
        let mut attempts = Attempts::default();
        let now = std::time::Instant::now();
        attempts.failed(now);
        attempts.failed(now);
        assert_eq!(attempts.wait(now), None, "two mistakes are free");
        attempts.failed(now);
        assert_eq!(attempts.wait(now), Some(std::time::Duration::from_secs(2)));
        attempts.failed(now);
        assert_eq!(attempts.wait(now), Some(std::time::Duration::from_secs(4)));
        assert_eq!(attempts.wait(now + std::time::Duration::from_secs(5)), None);
        attempts.succeeded();
        assert_eq!(attempts.wait(now), None);
    }

    #[test]
    fn the_real_cost_round_trips() {
        let key = DataKey::generate().expect("key");
        let sealed = key.seal("een echt herstelwachtwoord", Cost::DEFAULT).expect("seal");
        assert!(sealed.open("een echt herstelwachtwoord").expect("open").same_as(&key));
    }
}
