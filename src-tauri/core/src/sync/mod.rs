//! Team sync without a server: device keys, the team roster, and the sealed
//! bundle files that carry changes through a shared folder.
//!
//! Nothing here touches the store; `ineen::sync` joins these to it. The
//! file format is specified in `docs/sync-format.md`.

mod bundle;
mod roster;

pub use bundle::{open, pack, seal, unpack, Header, Opened, Refusal, BUNDLE_VERSION, MAGIC};
pub use roster::{Epoch, Invite, Member, Role, Roster};

use data_encoding::BASE64;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// This device's keys: ed25519 to sign what it writes, X25519 (age) to
/// receive the team's keys. Kept in the store's settings.
#[derive(Clone, Serialize, Deserialize)]
pub struct DeviceKeys {
    /// The ed25519 secret key, base64.
    sign: String,
    /// The age X25519 identity ("AGE-SECRET-KEY-1…").
    age: String,
}

impl std::fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceKeys(…)")
    }
}

/// 32 random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], SyncError> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).map_err(|e| SyncError::Crypto(e.to_string()))?;
    Ok(bytes)
}

impl DeviceKeys {
    pub fn generate() -> Result<DeviceKeys, SyncError> {
        use age::secrecy::ExposeSecret;
        let sign = SigningKey::from_bytes(&random_bytes::<32>()?);
        let age = age::x25519::Identity::generate();
        Ok(DeviceKeys { sign: BASE64.encode(&sign.to_bytes()), age: age.to_string().expose_secret().to_string() })
    }

    pub fn signing_key(&self) -> Result<SigningKey, SyncError> {
        let bytes = BASE64.decode(self.sign.as_bytes()).map_err(|e| SyncError::Crypto(e.to_string()))?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| SyncError::Crypto("signing key length".into()))?;
        Ok(SigningKey::from_bytes(&bytes))
    }

    pub fn identity(&self) -> Result<age::x25519::Identity, SyncError> {
        self.age.parse().map_err(|e: &str| SyncError::Crypto(e.to_string()))
    }

    /// The public half of the signing key, base64.
    pub fn sign_public(&self) -> Result<String, SyncError> {
        Ok(BASE64.encode(self.signing_key()?.verifying_key().as_bytes()))
    }

    /// The public half of the age identity ("age1…").
    pub fn recipient(&self) -> Result<String, SyncError> {
        Ok(self.identity()?.to_public().to_string())
    }

    pub fn sign(&self, message: &[u8]) -> Result<String, SyncError> {
        Ok(BASE64.encode(&self.signing_key()?.sign(message).to_bytes()))
    }
}

/// Checks an ed25519 signature (base64) by a public key (base64).
pub fn verify(public: &str, message: &[u8], signature: &str) -> bool {
    let Ok(key) = BASE64.decode(public.as_bytes()) else { return false };
    let Ok(key) = <[u8; 32]>::try_from(key.as_slice()) else { return false };
    let Ok(key) = VerifyingKey::from_bytes(&key) else { return false };
    let Ok(sig) = BASE64.decode(signature.trim().as_bytes()) else { return false };
    let Ok(sig) = ed25519_dalek::Signature::from_slice(&sig) else { return false };
    key.verify_strict(message, &sig).is_ok()
}

/// Encrypts `plain` to age recipients ("age1…").
pub fn encrypt(recipients: &[String], plain: &[u8]) -> Result<Vec<u8>, SyncError> {
    use std::io::Write;
    let parsed: Vec<age::x25519::Recipient> = recipients
        .iter()
        .map(|r| r.parse().map_err(|e: &str| SyncError::Crypto(e.to_string())))
        .collect::<Result<_, _>>()?;
    let encryptor = age::Encryptor::with_recipients(parsed.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|e| SyncError::Crypto(e.to_string()))?;
    let mut out = Vec::with_capacity(plain.len() + 256);
    let mut writer = encryptor.wrap_output(&mut out).map_err(|e| SyncError::Crypto(e.to_string()))?;
    writer.write_all(plain).map_err(|e| SyncError::Crypto(e.to_string()))?;
    writer.finish().map_err(|e| SyncError::Crypto(e.to_string()))?;
    Ok(out)
}

/// Decrypts an age file with one identity; `None` when it was not for it
/// or is damaged.
pub fn decrypt(identity: &age::x25519::Identity, sealed: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let decryptor = age::Decryptor::new_buffered(sealed).ok()?;
    let mut reader = decryptor.decrypt(std::iter::once(identity as &dyn age::Identity)).ok()?;
    let mut out = Vec::new();
    reader.read_to_end(&mut out).ok()?;
    Some(out)
}

/// What can go wrong in team work, with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("crypto: {0}")]
    Crypto(String),
    #[error("not in a team")]
    NoTeam,
    #[error("already in a team")]
    AlreadyInTeam,
    #[error("no sync folder")]
    NoFolder,
    #[error("bad invite code")]
    BadInvite,
    #[error("only the team's coordinators (and its founder) may do this")]
    NotAllowed,
    #[error("unknown device {0}")]
    UnknownDevice(String),
    #[error("cannot remove yourself")]
    RemoveSelf,
    #[error("no open conflict {0}")]
    NoConflict(String),
    #[error("the value does not fit the field: {0}")]
    BadValue(String),
    #[error("waiting for the team to accept this device")]
    NotYetAccepted,
}

impl SyncError {
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang::{En, Nl};
        match (self, lang) {
            (SyncError::Crypto(e), Nl) => format!("Versleutelen of ondertekenen is mislukt ({e}). Er is niets veranderd."),
            (SyncError::Crypto(e), En) => format!("Encrypting or signing failed ({e}). Nothing was changed."),
            (SyncError::NoTeam, Nl) => "Deze laptop hoort nog niet bij een team. Maak een team of doe mee met een uitnodigingscode.".into(),
            (SyncError::NoTeam, En) => "This laptop is not in a team yet. Create a team or join one with an invite code.".into(),
            (SyncError::AlreadyInTeam, Nl) => "Deze laptop hoort al bij een team.".into(),
            (SyncError::AlreadyInTeam, En) => "This laptop is already in a team.".into(),
            (SyncError::NoFolder, Nl) => "Er is nog geen synchronisatiemap gekozen. Kies de gedeelde map (OneDrive, Nextcloud, Syncthing of een USB-stick).".into(),
            (SyncError::NoFolder, En) => "No sync folder has been chosen yet. Choose the shared folder (OneDrive, Nextcloud, Syncthing or a USB stick).".into(),
            (SyncError::BadInvite, Nl) => "Deze uitnodigingscode klopt niet. Controleer de code (of het uitnodigingsbestand) en probeer het opnieuw.".into(),
            (SyncError::BadInvite, En) => "This invite code is not valid. Check the code (or the invite file) and try again.".into(),
            (SyncError::NotAllowed, Nl) => "Alleen een coördinator of wie het team maakte kan laptops uitnodigen of verwijderen.".into(),
            (SyncError::NotAllowed, En) => "Only a coordinator or whoever created the team can invite or remove laptops.".into(),
            (SyncError::UnknownDevice(d), Nl) => format!("Er is geen laptop '{d}' in het team. Kies er een uit de lijst."),
            (SyncError::UnknownDevice(d), En) => format!("There is no laptop '{d}' in the team. Pick one from the list."),
            (SyncError::RemoveSelf, Nl) => "Je kunt je eigen laptop niet uit het team verwijderen; vraag een andere coördinator.".into(),
            (SyncError::RemoveSelf, En) => "You cannot remove your own laptop from the team; ask another coordinator.".into(),
            (SyncError::NoConflict(id), Nl) => format!("Er is geen open conflict '{id}' (meer). Vernieuw de lijst."),
            (SyncError::NoConflict(id), En) => format!("There is no open conflict '{id}' (any more). Refresh the list."),
            (SyncError::BadValue(e), Nl) => format!("Deze waarde past niet in dit veld ({e}). Kies een van beide waarden of typ een geldige."),
            (SyncError::BadValue(e), En) => format!("This value does not fit the field ({e}). Choose one of the two values or type a valid one."),
            (SyncError::NotYetAccepted, Nl) => "Het team heeft deze laptop nog niet toegelaten. Zodra iemand die jou uitnodigde synchroniseert, kan het verder.".into(),
            (SyncError::NotYetAccepted, En) => "The team has not let this laptop in yet. As soon as whoever invited you syncs, it can go on.".into(),
        }
    }
}

/// A short name of a device for people to tell laptops apart: the last
/// 8 hex digits of its id (the first ones of a UUIDv7 are its time).
pub fn short(id: Uuid) -> String {
    let text = id.simple().to_string();
    text[text.len() - 8..].to_string()
}
