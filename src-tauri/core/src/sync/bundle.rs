//! The bundle file: a signed header in clear, then the payload, compressed
//! and encrypted with age.
//!
//! ```text
//! ineen-bundle\n
//! {"version":1,"team":…,"device":…,"kind":"log","seq":7,"epoch":…}\n
//! <ed25519 signature of everything before it and the ciphertext, base64>\n
//! <age ciphertext of the deflated payload JSON>
//! ```
//!
//! The header holds no personal data: a format version, ids and numbers.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{decrypt, encrypt, DeviceKeys, SyncError};
use crate::i18n::Lang;

/// The first line of every bundle file.
pub const MAGIC: &str = "ineen-bundle";
/// The format version this Ineen writes and reads.
pub const BUNDLE_VERSION: u32 = 1;
/// The largest payload this Ineen unpacks (a snapshot of a large organisation
/// is a few hundred megabytes of JSON).
const MAX_PAYLOAD: u64 = 2 << 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub version: u32,
    pub team: Uuid,
    /// The writer.
    pub device: Uuid,
    /// "log" (a bundle of the writer's log) or "snapshot" (a whole store for
    /// one new device).
    pub kind: String,
    /// The log position; for a snapshot, the writer's log position it covers.
    pub seq: u64,
    /// The team key a log bundle is encrypted to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    /// The device a snapshot is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Uuid>,
}

/// A bundle file taken apart, its signature not yet checked.
#[derive(Debug)]
pub struct Opened<'a> {
    pub header: Header,
    signed: &'a [u8],
    signature: &'a str,
    sealed: &'a [u8],
}

/// Why a bundle was not used. Every reason leaves the store unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a bundle, or cut off.
    Damaged(String),
    /// Written by a newer Ineen: kept for later.
    Newer(u32),
    /// Of another team.
    ForeignTeam,
    /// The writer is not in the team.
    UnknownDevice(Uuid),
    /// The writer was removed from the team.
    Removed(String),
    /// The signature does not match: changed after it was written.
    Tampered(String),
    /// Not encrypted to a key this device has.
    NotForUs(String),
    /// A stamp too far ahead of this device's clock.
    FarFuture { device: String, days: i64 },
    /// Written by an Ineen with a newer store schema: kept for later.
    NewerSchema(usize),
    /// The content does not fit (unknown table or field, bad value or reference).
    Invalid { device: String, detail: String },
}

impl Refusal {
    /// Whether the file may be read by a later Ineen or later run, so must
    /// not be marked as set aside for good.
    /// A writer this laptop does not know yet may be in a roster it has not
    /// read yet; a stamp too far ahead is fine once the clock caught up.
    pub fn for_later(&self) -> bool {
        matches!(
            self,
            Refusal::Newer(_)
                | Refusal::NewerSchema(_)
                | Refusal::NotForUs(_)
                | Refusal::UnknownDevice(_)
                | Refusal::FarFuture { .. }
        )
    }

    pub fn message(&self, lang: Lang) -> String {
        use Lang::{En, Nl};
        match (self, lang) {
            (Refusal::Damaged(e), Nl) => format!("beschadigd of onvolledig bestand ({e}); niet gebruikt"),
            (Refusal::Damaged(e), En) => format!("damaged or incomplete file ({e}); not used"),
            (Refusal::Newer(v), Nl) => format!("gemaakt door een nieuwere Ineen (formaat {v}); bewaard tot je Ineen bijwerkt"),
            (Refusal::Newer(v), En) => format!("written by a newer Ineen (format {v}); kept until you update Ineen"),
            (Refusal::ForeignTeam, Nl) => "van een ander team; niet gebruikt".into(),
            (Refusal::ForeignTeam, En) => "from another team; not used".into(),
            (Refusal::UnknownDevice(d), Nl) => format!("van een laptop die (nog) niet in het team zit ({}); niet gebruikt", super::short(*d)),
            (Refusal::UnknownDevice(d), En) => format!("from a laptop that is not (yet) in the team ({}); not used", super::short(*d)),
            (Refusal::Removed(name), Nl) => format!("van {name}, die uit het team is verwijderd; niet gebruikt"),
            (Refusal::Removed(name), En) => format!("from {name}, who was removed from the team; not used"),
            (Refusal::Tampered(name), Nl) => format!("de handtekening van {name} klopt niet: het bestand is veranderd na het schrijven; niet gebruikt"),
            (Refusal::Tampered(name), En) => format!("{name}'s signature does not match: the file was changed after it was written; not used"),
            (Refusal::NotForUs(name), Nl) => format!("van {name}, versleuteld met een sleutel die deze laptop (nog) niet heeft; opnieuw geprobeerd bij de volgende synchronisatie"),
            (Refusal::NotForUs(name), En) => format!("from {name}, encrypted with a key this laptop does not have (yet); tried again at the next sync"),
            (Refusal::FarFuture { device, days }, Nl) => format!("{device} heeft een klok die {days} dag(en) voorloopt; nu niet gebruikt (pas als die tijd hier bereikt is). Zet de datum en tijd van die laptop goed"),
            (Refusal::FarFuture { device, days }, En) => format!("{device}'s clock is {days} day(s) ahead; not used now (only once that time is reached here). Set that laptop's date and time right"),
            (Refusal::NewerSchema(v), Nl) => format!("gemaakt met een nieuwere Ineen (gegevensschema {v}); bewaard tot je Ineen bijwerkt"),
            (Refusal::NewerSchema(v), En) => format!("written by a newer Ineen (data schema {v}); kept until you update Ineen"),
            (Refusal::Invalid { device, detail }, Nl) => format!("van {device}, maar de inhoud klopt niet ({detail}); niet gebruikt"),
            (Refusal::Invalid { device, detail }, En) => format!("from {device}, but its content is not valid ({detail}); not used"),
        }
    }
}

/// Compresses a payload (deflate), as bundles carry it.
pub fn pack(payload: &[u8]) -> Result<Vec<u8>, SyncError> {
    let mut deflate = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    deflate.write_all(payload).map_err(|e| SyncError::Crypto(e.to_string()))?;
    deflate.finish().map_err(|e| SyncError::Crypto(e.to_string()))
}

/// A packed payload inflated again (at most the largest payload allowed).
pub fn unpack(packed: &[u8]) -> Result<Vec<u8>, SyncError> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(packed)
        .take(MAX_PAYLOAD)
        .read_to_end(&mut out)
        .map_err(|e| SyncError::Crypto(e.to_string()))?;
    Ok(out)
}

/// Encrypts and signs a packed payload (see [`pack`]).
pub fn seal(header: &Header, packed: &[u8], recipients: &[String], keys: &DeviceKeys) -> Result<Vec<u8>, SyncError> {
    let sealed = encrypt(recipients, packed)?;
    let head = serde_json::to_string(header).map_err(|e| SyncError::Crypto(e.to_string()))?;
    let mut signed = format!("{MAGIC}\n{head}\n").into_bytes();
    let mut message = signed.clone();
    message.extend_from_slice(&sealed);
    let signature = keys.sign(&message)?;
    signed.extend_from_slice(signature.as_bytes());
    signed.push(b'\n');
    signed.extend_from_slice(&sealed);
    Ok(signed)
}

/// Takes a bundle file apart (no keys needed yet).
pub fn open(bytes: &[u8]) -> Result<Opened<'_>, Refusal> {
    let damaged = |what: &str| Refusal::Damaged(what.to_string());
    let mut lines = bytes.splitn(4, |b| *b == b'\n');
    let magic = lines.next().ok_or_else(|| damaged("empty"))?;
    if magic != MAGIC.as_bytes() {
        return Err(damaged("not an Ineen bundle"));
    }
    let head = lines.next().ok_or_else(|| damaged("no header"))?;
    let value: serde_json::Value = serde_json::from_slice(head).map_err(|_| damaged("unreadable header"))?;
    let version = value.get("version").and_then(serde_json::Value::as_u64).ok_or_else(|| damaged("no version"))?;
    if version > u64::from(BUNDLE_VERSION) {
        return Err(Refusal::Newer(u32::try_from(version).unwrap_or(u32::MAX)));
    }
    let header: Header = serde_json::from_value(value).map_err(|e| Refusal::Damaged(e.to_string()))?;
    let signature = lines.next().ok_or_else(|| damaged("no signature"))?;
    let signature = std::str::from_utf8(signature).map_err(|_| damaged("unreadable signature"))?;
    let sealed = lines.next().ok_or_else(|| damaged("no content"))?;
    let signed = &bytes[..MAGIC.len() + 1 + head.len() + 1];
    Ok(Opened { header, signed, signature, sealed })
}

impl Opened<'_> {
    /// Whether the signature is the writer's (by its public key, base64).
    pub fn verify(&self, public: &str) -> bool {
        let mut message = self.signed.to_vec();
        message.extend_from_slice(self.sealed);
        super::verify(public, &message, self.signature)
    }

    /// Decrypts and unpacks the payload.
    pub fn payload(&self, identity: &age::x25519::Identity, writer: &str) -> Result<Vec<u8>, Refusal> {
        let packed = decrypt(identity, self.sealed).ok_or_else(|| Refusal::NotForUs(writer.to_string()))?;
        unpack(&packed).map_err(|e| Refusal::Damaged(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            version: BUNDLE_VERSION,
            team: Uuid::from_u128(1),
            device: Uuid::from_u128(2),
            kind: "log".into(),
            seq: 1,
            epoch: None,
            to: None,
        }
    }

    #[test]
    fn a_sealed_bundle_opens_with_the_key_and_the_signature_guards_every_byte() {
        let writer = DeviceKeys::generate().expect("keys");
        let reader = DeviceKeys::generate().expect("keys");
        let payload = br#"{"changes":["Bram"]}"#;
        let packed = pack(payload).expect("pack");
        let file = seal(&header(), &packed, &[reader.recipient().expect("r")], &writer).expect("seal");
        assert!(!file.windows(4).any(|w| w == b"Bram"), "no plain text in the file");
        let opened = open(&file).expect("open");
        assert!(opened.verify(&writer.sign_public().expect("p")));
        assert!(!opened.verify(&reader.sign_public().expect("p")), "another key does not verify");
        assert_eq!(opened.payload(&reader.identity().expect("id"), "w").expect("payload"), payload);
        assert!(matches!(opened.payload(&writer.identity().expect("id"), "w"), Err(Refusal::NotForUs(_))));

        let mut tampered = file.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(!open(&tampered).expect("open").verify(&writer.sign_public().expect("p")));
        assert!(matches!(open(&file[..20]), Err(Refusal::Damaged(_))));
        let newer = String::from_utf8_lossy(&file).replacen("\"version\":1", "\"version\":9", 1);
        assert_eq!(open(newer.as_bytes()).err(), Some(Refusal::Newer(9)));
    }
}
