//! A team on several laptops: the roster, invitations, the sync folder and
//! the conflict review.
//!
//! Sync is write-then-read: this device's changes since its last bundle are
//! closed into its log (`Ineen::close_pending`) and every unpublished bundle
//! is sealed into `<folder>/<device>/<seq>.ineen`; then the other devices'
//! logs are read in order, each bundle verified completely and merged in one
//! transaction once everything its writer had seen is here (causal order).
//! See `docs/sync-format.md`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use data_encoding::{BASE32_NOPAD, BASE64};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use ts_rs::TS;
use uuid::Uuid;

use super::exchange::{check_for, put_field, Export};
use super::Ineen;
use crate::clock::Hlc;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::progress::{OnProgress, Stage, Ticker};
use crate::store::records::{Incoming, Version, Vv, DELETED};
use crate::store::sync::{order_of, RecordChange};
use crate::sync::{self as team, DeviceKeys, Header, Member, Refusal, Role, Roster, SyncError, BUNDLE_VERSION};

const KEYS: &str = "sync.keys";
const ROSTER: &str = "sync.roster";
const FOLDER: &str = "sync.folder";
const ROSTER_SENT: &str = "sync.roster_sent";
const JOINING: &str = "sync.joining";

/// How far ahead of this device's clock a stamp may be (a laptop whose
/// clock runs ahead would otherwise win every later edit).
pub const MAX_DRIFT_MS: u64 = 24 * 60 * 60 * 1000;

/// The folder of join requests inside the sync folder.
const JOIN_DIR: &str = "join";

/// The payload of one bundle of a device's log.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LogPayload {
    format: String,
    version: u32,
    /// The store schema of the writer.
    schema: usize,
    device: Uuid,
    seq: u64,
    /// What the writer had taken in when it closed this bundle.
    vv: Vv,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    roster: Option<Roster>,
    changes: Vec<RecordChange>,
}

/// The payload of a snapshot for a new member.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotPayload {
    format: String,
    version: u32,
    schema: usize,
    roster: Roster,
    export: Export,
}

/// A device's request to join, left in `<folder>/join/<device>.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JoinRequest {
    team: Uuid,
    device: Uuid,
    name: String,
    sign: String,
    recipient: String,
    /// SHA-256 of the invite token and the fields above: proves the token.
    proof: String,
    /// The device's signature of the proof.
    signature: String,
}

/// This device waiting to be let into a team.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Joining {
    team: Uuid,
    token: String,
    name: String,
}

/// An invitation to give to a person: a code to type, or a small file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Invitation {
    /// e.g. "ABCDEFG-HIJKLMN-…".
    pub code: String,
    pub team_name: String,
    pub name: String,
    pub role: Role,
    /// The invite file's text (JSON; holds the code and the team's name).
    pub file: String,
}

/// One device in the team, as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamMember {
    pub device: Uuid,
    /// First 8 hex digits of the device id, to tell laptops apart.
    pub short: String,
    pub name: String,
    pub role: Role,
    pub me: bool,
    pub removed: bool,
    /// The last bundle of its log taken in here (for this device: the last one written).
    #[ts(type = "number")]
    pub last_bundle: u64,
}

/// The team as this device knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Team {
    pub team: Option<Uuid>,
    pub name: Option<String>,
    pub me: Uuid,
    pub may_manage: bool,
    /// Waiting to be let in after `team join`.
    pub joining: bool,
    pub members: Vec<TeamMember>,
    /// Invitations not yet used: (name, role).
    pub open_invites: Vec<(String, Role)>,
    pub folder: Option<String>,
    /// Changes made here that no bundle carries yet.
    #[ts(type = "number")]
    pub pending: u64,
    pub conflicts: usize,
    /// Bundles set aside: file and why.
    pub set_aside: Vec<(String, String)>,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncReport {
    /// Bundles of this device's log put into the folder.
    #[ts(type = "Array<number>")]
    pub written: Vec<u64>,
    /// Bundles of other devices taken in: (who, seq, records changed).
    #[ts(type = "Array<[string, number, number]>")]
    pub read: Vec<(String, u64, usize)>,
    /// Bundles refused now: (file, why). They changed nothing.
    pub set_aside: Vec<(String, String)>,
    /// Bundles kept for later (newer Ineen, not yet readable, waiting for another's bundle).
    pub waiting: Vec<(String, String)>,
    /// Devices let into the team in this sync.
    pub joined: Vec<String>,
    /// Conflicts that opened in this sync.
    pub new_conflicts: usize,
    /// Open conflicts after it.
    pub conflicts: usize,
    /// This device is still waiting to be let in.
    pub waiting_to_join: bool,
}

/// One side of a conflict, as a person reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConflictSide {
    #[ts(type = "unknown")]
    pub value: serde_json::Value,
    /// The value as text ("te laat", "—" for nothing).
    pub text: String,
    /// Who made it: the team member's name, or this laptop.
    pub who: String,
    /// When, local time, "2026-10-12 14:03".
    pub when: String,
    /// Made on this laptop.
    pub mine: bool,
}

/// An open conflict: the value in use and the one that lost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConflictView {
    pub id: String,
    pub table: String,
    pub record: Uuid,
    pub field: String,
    /// What the record is, e.g. "Bram de Vries · bijeenkomst 3 (12-10-2026)".
    pub about: String,
    /// The enrolment the record belongs to, when there is one (to open it).
    pub enrolment: Option<Uuid>,
    /// The value in use on every laptop (it won by stamp and device).
    pub current: ConflictSide,
    /// The value that lost.
    pub other: ConflictSide,
}

/// What to keep when resolving a conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "take", content = "value")]
pub enum Take {
    /// The value in use.
    Current,
    /// The other one.
    Other,
    /// A new value (JSON, or plain text for a text field).
    Value(String),
}

fn pack(bytes: &[u8]) -> Result<Vec<u8>> {
    Ok(team::pack(bytes)?)
}

fn file_error(path: &Path, source: std::io::Error) -> Error {
    Error::File { path: path.to_path_buf(), source }
}

/// Writes a file of the sync folder (made if missing) whole, or not at all.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| file_error(dir, e))?;
    crate::files::write(path, bytes, crate::files::Existing::Replace, &[])
}

/// The invite code: team id and token, base32 in groups of seven.
fn invite_code(team: Uuid, token: &[u8; 10]) -> String {
    let mut bytes = team.as_bytes().to_vec();
    bytes.extend_from_slice(token);
    let text = BASE32_NOPAD.encode(&bytes);
    text.as_bytes().chunks(7).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

fn parse_invite(text: &str) -> Option<(Uuid, String)> {
    // An invite file holds the code; a code may be typed with spaces or dashes.
    let code = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => v.get("code")?.as_str()?.to_string(),
        Err(_) => text.to_string(),
    };
    let clean: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_uppercase();
    let bytes = BASE32_NOPAD.decode(clean.as_bytes()).ok()?;
    if bytes.len() != 26 {
        return None;
    }
    let team = Uuid::from_slice(&bytes[..16]).ok()?;
    Some((team, BASE32_NOPAD.encode(&bytes[16..])))
}

fn proof(token: &str, device: Uuid, sign: &str, recipient: &str) -> String {
    let digest = sha2::Sha256::digest(format!("ineen-join\n{token}\n{device}\n{sign}\n{recipient}").as_bytes());
    BASE64.encode(&digest)
}

fn wall(hlc: &str) -> Option<u64> {
    Hlc::decode(hlc).map(|h| h.wall_ms)
}

impl Ineen {
    fn keys(&mut self) -> Result<DeviceKeys> {
        if let Some(text) = self.store.sync_setting(KEYS)? {
            return serde_json::from_str(&text).map_err(|e| SyncError::Crypto(e.to_string()).into());
        }
        let keys = DeviceKeys::generate()?;
        let text = serde_json::to_string(&keys).map_err(|e| SyncError::Crypto(e.to_string()))?;
        self.store.write(|tx| tx.set_sync_setting(KEYS, Some(&text)))?;
        Ok(keys)
    }

    fn roster(&self) -> Result<Option<Roster>> {
        match self.store.sync_setting(ROSTER)? {
            Some(text) => Ok(Some(serde_json::from_str(&text).map_err(crate::store::StoreError::from)?)),
            None => Ok(None),
        }
    }

    fn save_roster(&mut self, roster: &Roster) -> Result<()> {
        let text = serde_json::to_string(roster).map_err(crate::store::StoreError::from)?;
        self.store.write(|tx| tx.set_sync_setting(ROSTER, Some(&text)))?;
        Ok(())
    }

    fn joining(&self) -> Result<Option<Joining>> {
        Ok(self.store.sync_setting(JOINING)?.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// Closes the changes made here since the last bundle into the next
    /// bundle of this device's log (kept in the store until a sync puts it
    /// into the folder). The roster goes along when it changed. Returns the
    /// bundle's number, or `None` when there was nothing to close.
    pub fn close_pending(&mut self) -> Result<Option<u64>> {
        let roster = self.roster()?;
        let sent = self.store.sync_setting(ROSTER_SENT)?;
        let roster = roster.filter(|r| Some(r.digest()) != sent);
        let device = self.store.device();
        let schema = crate::store::schema_version();
        self.store.write(|tx| -> Result<Option<u64>> {
            let closed = tx.close_pending()?;
            let (seq, changes) = match closed {
                Some(c) => (c.seq, c.changes),
                None if roster.is_some() => {
                    let seq = tx.vv()?.get(&device).copied().unwrap_or(0) + 1;
                    tx.advance(device, seq)?;
                    (seq, Vec::new())
                }
                None => return Ok(None),
            };
            let payload = LogPayload {
                format: "ineen-log".into(),
                version: BUNDLE_VERSION,
                schema,
                device,
                seq,
                vv: tx.vv()?,
                roster: roster.clone(),
                changes,
            };
            let json = serde_json::to_vec(&payload).map_err(crate::store::StoreError::from)?;
            tx.append_log(seq, &pack(&json)?)?;
            if let Some(r) = &roster {
                tx.set_sync_setting(ROSTER_SENT, Some(&r.digest()))?;
            }
            Ok(Some(seq))
        })
    }

    /// The team as this device knows it.
    pub fn team(&mut self) -> Result<Team> {
        let me = self.store.device();
        let roster = self.roster()?;
        let vv = self.store.vv()?;
        let members = roster
            .as_ref()
            .map(|r| {
                r.members
                    .iter()
                    .map(|(device, m)| TeamMember {
                        device: *device,
                        short: team::short(*device),
                        name: m.name.clone(),
                        role: m.role,
                        me: *device == me,
                        removed: m.removed_after.is_some(),
                        last_bundle: vv.get(device).copied().unwrap_or(0),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let set_aside = self.store.set_aside()?.into_iter().map(|(file, reason, _)| (file, reason)).collect::<Vec<_>>();
        Ok(Team {
            team: roster.as_ref().map(|r| r.team),
            name: roster.as_ref().map(|r| r.name.clone()),
            me,
            may_manage: roster.as_ref().is_some_and(|r| r.may_manage(me)),
            joining: self.joining()?.is_some(),
            members,
            open_invites: roster
                .as_ref()
                .map(|r| r.invites.values().filter(|i| i.used_by.is_none()).map(|i| (i.name.clone(), i.role)).collect())
                .unwrap_or_default(),
            folder: self.store.sync_setting(FOLDER)?,
            pending: self.store.pending()?,
            conflicts: self.conflicts()?.len(),
            set_aside,
        })
    }

    /// Makes a new team with this device as its first member.
    pub fn create_team(&mut self, name: &str, my_name: &str, role: Role) -> Result<Team> {
        if self.roster()?.is_some() || self.joining()?.is_some() {
            return Err(SyncError::AlreadyInTeam.into());
        }
        let name = required(name, crate::error::Field::TeamName)?;
        let my_name = required(my_name, crate::error::Field::DeviceName)?;
        let keys = self.keys()?;
        let me = self.store.device();
        let team_id = self.store.new_id();
        let member = Member {
            name: my_name,
            role,
            sign: keys.sign_public()?,
            recipient: keys.recipient()?,
            added_by: me,
            removed_after: None,
            removed_by: None,
            signature: String::new(),
            removal_signature: None,
        };
        let roster = Roster::found(team_id, &name, me, member, &keys)?;
        self.save_roster(&roster)?;
        self.store.write(|tx| tx.audit("team-create", None, None, Some(&team_id.to_string())))?;
        self.team()
    }

    /// Invites a person's laptop: an invite code (and file) for it to join with.
    pub fn invite(&mut self, name: &str, role: Role) -> Result<Invitation> {
        let me = self.store.device();
        let mut roster = self.roster()?.ok_or(SyncError::NoTeam)?;
        if !roster.may_manage(me) {
            return Err(SyncError::NotAllowed.into());
        }
        let name = required(name, crate::error::Field::DeviceName)?;
        let token = team::random_bytes::<10>()?;
        let token_text = BASE32_NOPAD.encode(&token);
        let keys = self.keys()?;
        let invite = team::Invite { name: name.clone(), role, by: me, used_by: None, signature: String::new() };
        roster.add_invite(token_text, invite, &keys)?;
        self.save_roster(&roster)?;
        self.store.write(|tx| tx.audit("team-invite", None, None, Some(&name)))?;
        let code = invite_code(roster.team, &token);
        let file = serde_json::to_string_pretty(&serde_json::json!({
            "format": "ineen-invite",
            "team": roster.name,
            "for": name,
            "code": code,
        }))
        .map_err(crate::store::StoreError::from)?;
        Ok(Invitation { code, team_name: roster.name.clone(), name, role, file })
    }

    /// Asks to join a team with an invite code (or the invite file's text).
    /// The request goes into the sync folder at the next sync; once a
    /// coordinator's laptop has synced, the next sync here brings the data.
    pub fn join_team(&mut self, code: &str, my_name: &str) -> Result<Team> {
        if self.roster()?.is_some() {
            return Err(SyncError::AlreadyInTeam.into());
        }
        let (team, token) = parse_invite(code).ok_or(SyncError::BadInvite)?;
        let name = required(my_name, crate::error::Field::DeviceName)?;
        self.keys()?;
        let text = serde_json::to_string(&Joining { team, token, name }).map_err(crate::store::StoreError::from)?;
        self.store.write(|tx| tx.set_sync_setting(JOINING, Some(&text)))?;
        self.team()
    }

    /// Removes a laptop (by device id or its short name) from the team: a
    /// new team key is made for the others, and its bundles after the last
    /// one taken in here are refused everywhere.
    pub fn remove_device(&mut self, which: &str) -> Result<Team> {
        let me = self.store.device();
        let mut roster = self.roster()?.ok_or(SyncError::NoTeam)?;
        if !roster.may_manage(me) {
            return Err(SyncError::NotAllowed.into());
        }
        let which = which.trim().to_lowercase();
        let matches: Vec<Uuid> = roster
            .members
            .keys()
            .filter(|d| !which.is_empty() && (d.to_string() == which || team::short(**d) == which))
            .copied()
            .collect();
        let [device] = matches.as_slice() else { return Err(SyncError::UnknownDevice(which).into()) };
        if *device == me {
            return Err(SyncError::RemoveSelf.into());
        }
        let after = self.store.vv()?.get(device).copied().unwrap_or(0);
        let keys = self.keys()?;
        roster.remove(*device, after, me, &keys)?;
        roster.new_epoch(me)?;
        self.save_roster(&roster)?;
        self.store.write(|tx| tx.audit("team-remove", None, None, Some(&device.to_string())))?;
        self.team()
    }

    /// What the automatic sync needs to decide, read cheaply: the folder,
    /// whether this laptop is in (or joining) a team, and how many records
    /// wait for the next bundle.
    pub fn sync_watch(&self) -> Result<(Option<PathBuf>, bool, u64)> {
        let in_team = self.store.sync_setting(ROSTER)?.is_some() || self.store.sync_setting(JOINING)?.is_some();
        // Outside a team nothing is sent: the outbox is not counted.
        let pending = if in_team { self.store.pending()? } else { 0 };
        Ok((self.sync_folder()?, in_team, pending))
    }

    /// The sync folder in use, if one was chosen.
    pub fn sync_folder(&self) -> Result<Option<PathBuf>> {
        Ok(self.store.sync_setting(FOLDER)?.map(PathBuf::from))
    }

    /// Chooses the sync folder (every bundle of this device's log is put
    /// into a newly chosen one).
    pub fn set_sync_folder(&mut self, folder: &Path) -> Result<()> {
        let text = folder.to_string_lossy().to_string();
        if self.store.sync_setting(FOLDER)?.as_deref() == Some(text.as_str()) {
            return Ok(());
        }
        self.store.write(|tx| -> Result<()> {
            tx.set_sync_setting(FOLDER, Some(&text))?;
            tx.republish()?;
            tx.clear_set_aside()?;
            Ok(())
        })
    }

    /// Writes this device's changes to the sync folder and takes in the
    /// other devices' bundles. `folder` chooses (and remembers) the folder.
    pub fn sync(&mut self, folder: Option<&Path>) -> Result<SyncReport> {
        self.sync_with(folder, &crate::progress::quiet)
    }

    /// [`Ineen::sync`], telling `on` how far it is: the bundles written, the
    /// bundles taken in, and a new member's first copy of the team's records
    /// (checked and merged like an import).
    pub fn sync_with(&mut self, folder: Option<&Path>, on: OnProgress<'_>) -> Result<SyncReport> {
        if let Some(folder) = folder {
            self.set_sync_folder(folder)?;
        }
        let folder = self.sync_folder()?.ok_or(SyncError::NoFolder)?;
        if !folder.is_dir() {
            return Err(file_error(&folder, std::io::Error::from(std::io::ErrorKind::NotFound)));
        }
        let lang = self.store.language()?;
        let mut report = SyncReport::default();
        if let Some(joining) = self.joining()? {
            if !self.take_snapshot(&folder, &joining, lang, &mut report, on)? {
                self.ask_to_join(&folder, &joining)?;
                report.waiting_to_join = true;
                return Ok(report);
            }
        }
        let keys = self.keys()?;
        let me = self.store.device();
        let mut roster = self.roster()?.ok_or(SyncError::NoTeam)?;
        if roster.grant_missing(me, &keys)? {
            self.save_roster(&roster)?;
        }
        // This laptop's own bundles that its store does not know (a backup
        // was put back): taken in first, so that nothing it shared is lost
        // and its next bundle does not reuse a number.
        self.read_logs(&folder, &keys, lang, &mut report, true, &crate::progress::quiet)?;
        // Write first: what is closed now saw nothing of what is read below.
        self.publish(&folder, &roster, &keys, &mut report, on)?;
        self.read_logs(&folder, &keys, lang, &mut report, false, on)?;
        // Let in laptops that asked with a valid invitation.
        roster = self.roster()?.ok_or(SyncError::NoTeam)?;
        if roster.may_manage(me) {
            self.let_in(&folder, &keys, &mut report)?;
        }
        self.adopt_shared_programmes()?;
        report.conflicts = self.conflicts()?.len();
        let detail = format!(
            "{} written, {} read, {} set aside, {} conflicts",
            report.written.len(),
            report.read.len(),
            report.set_aside.len(),
            report.conflicts
        );
        self.store.write(|tx| tx.audit("sync", None, None, Some(&detail)))?;
        Ok(report)
    }

    fn publish(
        &mut self,
        folder: &Path,
        roster: &Roster,
        keys: &DeviceKeys,
        report: &mut SyncReport,
        on: OnProgress<'_>,
    ) -> Result<()> {
        self.close_pending()?;
        let me = self.store.device();
        let (epoch, current) = roster.current_epoch().ok_or(SyncError::NoTeam)?;
        let recipients = vec![current.recipient.clone()];
        let unpublished = self.store.unpublished()?;
        let mut ticker = Ticker::new(on, Stage::Sending, unpublished.len());
        for (done, (seq, packed)) in unpublished.into_iter().enumerate() {
            let header = Header {
                version: BUNDLE_VERSION,
                team: roster.team,
                device: me,
                kind: "log".into(),
                seq,
                epoch: Some(epoch.clone()),
                to: None,
            };
            let file = seal_packed(&header, &packed, &recipients, keys)?;
            write_atomically(&folder.join(me.to_string()).join(format!("{seq}.ineen")), &file)?;
            self.store.mark_published(seq)?;
            report.written.push(seq);
            ticker.at(done + 1);
        }
        Ok(())
    }

    /// Takes in the other devices' bundles in causal order, or (`own`) this
    /// device's own bundles beyond what its store knows.
    fn read_logs(
        &mut self,
        folder: &Path,
        keys: &DeviceKeys,
        lang: Lang,
        report: &mut SyncReport,
        own: bool,
        on: OnProgress<'_>,
    ) -> Result<()> {
        let me = self.store.device();
        let devices: Vec<Uuid> = match std::fs::read_dir(folder) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .filter_map(|e| Uuid::parse_str(&e.file_name().to_string_lossy()).ok())
                .filter(|d| (*d == me) == own)
                .collect(),
            Err(e) => return Err(file_error(folder, e)),
        };
        // How many bundles lie beyond what this store has (some may wait or
        // be refused): the total the window's bar counts towards.
        let vv = self.store.vv()?;
        let ahead: usize = devices
            .iter()
            .map(|d| {
                let have = vv.get(d).copied().unwrap_or(0);
                std::fs::read_dir(folder.join(d.to_string())).map_or(0, |entries| {
                    entries
                        .filter_map(|e| e.ok())
                        .filter_map(|e| e.file_name().to_string_lossy().strip_suffix(".ineen")?.parse::<u64>().ok())
                        .filter(|seq| *seq > have)
                        .count()
                })
            })
            .sum();
        let mut ticker = Ticker::new(on, Stage::Receiving, ahead);
        let mut taken = 0;
        // Keep going round while some device's next bundle could be taken in.
        let mut blocked: std::collections::BTreeSet<Uuid> = std::collections::BTreeSet::new();
        loop {
            let mut progress = false;
            for device in &devices {
                if blocked.contains(device) {
                    continue;
                }
                let next = self.store.vv()?.get(device).copied().unwrap_or(0) + 1;
                let name = format!("{device}/{next}.ineen");
                let path = folder.join(device.to_string()).join(format!("{next}.ineen"));
                // A file set aside is tried again when it changed (a sync
                // client may show a file before it has all of it).
                let Some(len) = std::fs::metadata(&path).ok().filter(|m| m.is_file()).map(|m| m.len()) else {
                    blocked.insert(*device);
                    continue;
                };
                let aside = format!("{name} ({len} bytes)");
                if self.store.is_set_aside(&aside)? {
                    blocked.insert(*device);
                    continue;
                }
                match self.take_bundle(&path, *device, next, keys, lang)? {
                    Taken::Applied { who, changed, conflicts } => {
                        report.read.push((who, next, changed));
                        report.new_conflicts += conflicts;
                        progress = true;
                        taken += 1;
                        ticker.at(taken);
                    }
                    Taken::Waiting(why) => {
                        report.waiting.push((name, why));
                        blocked.insert(*device);
                    }
                    Taken::Refused(refusal) => {
                        let why = refusal.message(lang);
                        if refusal.for_later() {
                            report.waiting.push((name, why));
                        } else {
                            self.store.write(|tx| tx.set_aside(&aside, &why))?;
                            report.set_aside.push((name, why));
                        }
                        blocked.insert(*device);
                    }
                }
            }
            if !progress {
                break;
            }
            blocked.clear();
        }
        // Waiting reasons from earlier rounds that were resolved later are dropped.
        let vv = self.store.vv()?;
        report.waiting.retain(|(name, _)| {
            let mut parts = name.split('/');
            let device = parts.next().and_then(|d| Uuid::parse_str(d).ok());
            let seq = parts.next().and_then(|s| s.trim_end_matches(".ineen").parse::<u64>().ok());
            match (device, seq) {
                (Some(d), Some(s)) => vv.get(&d).copied().unwrap_or(0) < s,
                _ => true,
            }
        });
        report.waiting.sort();
        report.waiting.dedup();
        Ok(())
    }

    /// Verifies one bundle completely and, when everything its writer had
    /// seen is here, merges it in one transaction.
    fn take_bundle(&mut self, path: &Path, device: Uuid, seq: u64, keys: &DeviceKeys, lang: Lang) -> Result<Taken> {
        let bytes = std::fs::read(path).map_err(|e| file_error(path, e))?;
        let roster = self.roster()?.ok_or(SyncError::NoTeam)?;
        let me = self.store.device();
        let opened = match team::open(&bytes) {
            Ok(o) => o,
            Err(r) => return Ok(Taken::Refused(r)),
        };
        let h = &opened.header;
        if h.team != roster.team {
            return Ok(Taken::Refused(Refusal::ForeignTeam));
        }
        let Some(member) = roster.members.get(&device) else {
            return Ok(Taken::Refused(Refusal::UnknownDevice(device)));
        };
        let who = member.name.clone();
        if h.device != device || h.seq != seq || h.kind != "log" {
            return Ok(Taken::Refused(Refusal::Damaged(format!("{} is not bundle {seq} of {who}", path.display()))));
        }
        if member.removed_after.is_some_and(|after| seq > after) {
            return Ok(Taken::Refused(Refusal::Removed(who)));
        }
        if !opened.verify(&member.sign) {
            return Ok(Taken::Refused(Refusal::Tampered(who)));
        }
        let epoch = h.epoch.clone().unwrap_or_default();
        let Some(identity) = roster.epoch_identity(&epoch, me, keys) else {
            return Ok(Taken::Refused(Refusal::NotForUs(who)));
        };
        let plain = match opened.payload(&identity, &who) {
            Ok(p) => p,
            Err(r) => return Ok(Taken::Refused(r)),
        };
        let invalid = |detail: String| Taken::Refused(Refusal::Invalid { device: who.clone(), detail });
        let payload: LogPayload = match serde_json::from_slice(&plain) {
            Ok(p) => p,
            Err(e) => return Ok(invalid(e.to_string())),
        };
        if payload.format != "ineen-log" || payload.device != device || payload.seq != seq {
            return Ok(invalid("the content does not match the header".into()));
        }
        if payload.schema > crate::store::schema_version() {
            return Ok(Taken::Refused(Refusal::NewerSchema(payload.schema)));
        }
        // Stamps: well formed, and not far ahead of this device's clock.
        let now = self.store.now().timestamp_millis().max(0) as u64;
        let mut latest = 0;
        for c in &payload.changes {
            for h in std::iter::once(&c.hlc).chain(c.hlcs.values()) {
                match wall(h) {
                    Some(w) => latest = latest.max(w),
                    None => return Ok(invalid(format!("'{h}' is not a clock stamp"))),
                }
            }
        }
        if latest > now + MAX_DRIFT_MS {
            let days = ((latest - now) / (24 * 60 * 60 * 1000)).max(1) as i64;
            return Ok(Taken::Refused(Refusal::FarFuture { device: who, days }));
        }
        // Causal order: what the writer had seen of team members must be here.
        let ours = self.store.vv()?;
        for (other, s) in &payload.vv {
            if *other == device {
                continue;
            }
            let Some(m) = roster.members.get(other) else { continue };
            let needed = m.removed_after.map_or(*s, |after| (*s).min(after));
            if ours.get(other).copied().unwrap_or(0) < needed {
                let name =
                    if *other == me { lang.pick("deze laptop", "this laptop").to_string() } else { m.name.clone() };
                let why = match lang {
                    Lang::Nl => format!("wacht op bundel {needed} van {name}, die {who} al had"),
                    Lang::En => format!("waiting for bundle {needed} of {name}, which {who} had already"),
                };
                return Ok(Taken::Waiting(why));
            }
        }
        // Every change names a known table and a record id; then one transaction.
        let mut changes = payload.changes;
        for c in &changes {
            if check_for(&c.table).is_none() {
                return Ok(invalid(format!("unknown kind of record '{}'", c.table)));
            }
        }
        changes.sort_by_key(|c| order_of(&c.table));
        let mut merged_roster = roster.clone();
        let roster_changed = payload.roster.as_ref().is_some_and(|r| merged_roster.merge(r));
        let roster_text = serde_json::to_string(&merged_roster).map_err(crate::store::StoreError::from)?;
        let result = self.store.write(|tx| -> std::result::Result<(usize, usize), crate::store::StoreError> {
            let mut changed = 0;
            let mut conflicts = 0;
            for c in &changes {
                let Some((table, check)) = check_for(&c.table) else { continue };
                let incoming: Vec<Incoming> = c
                    .fields
                    .iter()
                    .map(|(field, value)| Incoming {
                        field: field.clone(),
                        value: value.clone(),
                        version: Version { hlc: c.hlcs.get(field).unwrap_or(&c.hlc).clone(), device, seq },
                    })
                    .collect();
                let merged = tx.merge(table, c.id, &incoming, &payload.vv, &ours, &check)?;
                changed += usize::from(merged.fields > 0 || merged.conflicts > 0);
                conflicts += merged.conflicts;
            }
            tx.advance(device, seq)?;
            if roster_changed {
                tx.set_sync_setting(ROSTER, Some(&roster_text))?;
            }
            Ok((changed, conflicts))
        });
        match result {
            Ok((changed, conflicts)) => Ok(Taken::Applied { who, changed, conflicts }),
            Err(e) => Ok(invalid(e.to_string())),
        }
    }

    /// Leaves (or refreshes) this device's request to join in the folder.
    fn ask_to_join(&mut self, folder: &Path, joining: &Joining) -> Result<()> {
        let keys = self.keys()?;
        let device = self.store.device();
        let (sign, recipient) = (keys.sign_public()?, keys.recipient()?);
        let proof = proof(&joining.token, device, &sign, &recipient);
        let signature = keys.sign(proof.as_bytes())?;
        let request =
            JoinRequest { team: joining.team, device, name: joining.name.clone(), sign, recipient, proof, signature };
        let text = serde_json::to_vec_pretty(&request).map_err(crate::store::StoreError::from)?;
        write_atomically(&folder.join(JOIN_DIR).join(format!("{device}.json")), &text)
    }

    /// Looks for the snapshot a coordinator left for this device; when it is
    /// there and genuine, takes in its roster and records.
    fn take_snapshot(
        &mut self,
        folder: &Path,
        joining: &Joining,
        lang: Lang,
        report: &mut SyncReport,
        on: OnProgress<'_>,
    ) -> Result<bool> {
        let keys = self.keys()?;
        let me = self.store.device();
        let identity = keys.identity()?;
        let name = format!("snapshot-{me}.ineen");
        let candidates: Vec<PathBuf> = std::fs::read_dir(folder)
            .map_err(|e| file_error(folder, e))?
            .filter_map(|e| e.ok())
            .map(|e| e.path().join(&name))
            .filter(|p| p.is_file())
            .collect();
        for path in candidates {
            let bytes = std::fs::read(&path).map_err(|e| file_error(&path, e))?;
            let label = path.strip_prefix(folder).unwrap_or(&path).to_string_lossy().to_string();
            let refuse = |r: Refusal, report: &mut SyncReport| report.set_aside.push((label.clone(), r.message(lang)));
            let opened = match team::open(&bytes) {
                Ok(o) => o,
                Err(r) => {
                    refuse(r, report);
                    continue;
                }
            };
            if opened.header.team != joining.team || opened.header.to != Some(me) {
                refuse(Refusal::ForeignTeam, report);
                continue;
            }
            let plain = match opened.payload(&identity, &team::short(opened.header.device)) {
                Ok(p) => p,
                Err(r) => {
                    refuse(r, report);
                    continue;
                }
            };
            let Ok(snapshot) = serde_json::from_slice::<SnapshotPayload>(&plain) else {
                refuse(Refusal::Damaged("snapshot".into()), report);
                continue;
            };
            let writer = opened.header.device;
            let roster = &snapshot.roster;
            // Genuine: signed by a coordinator of the team it names, which
            // let this device in with the token only the inviter knew.
            let Some(member) = roster.live(writer).filter(|_| roster.may_manage(writer)) else {
                refuse(Refusal::UnknownDevice(writer), report);
                continue;
            };
            if roster.team != joining.team || !opened.verify(&member.sign) || !roster.is_genuine() {
                refuse(Refusal::Tampered(member.name.clone()), report);
                continue;
            }
            if roster.invites.get(&joining.token).and_then(|i| i.used_by) != Some(me) || roster.live(me).is_none() {
                refuse(Refusal::ForeignTeam, report);
                continue;
            }
            if snapshot.schema > crate::store::schema_version() {
                report.waiting.push((label, Refusal::NewerSchema(snapshot.schema).message(lang)));
                return Ok(false);
            }
            if !(1..=super::EXPORT_VERSION).contains(&snapshot.export.version) {
                refuse(Refusal::Damaged("snapshot version".into()), report);
                continue;
            }
            self.save_roster(roster)?;
            self.import_with(&snapshot.export, on)?;
            let digest = roster.digest();
            self.store.write(|tx| -> Result<()> {
                tx.set_sync_setting(JOINING, None)?;
                tx.set_sync_setting(ROSTER_SENT, Some(&digest))?;
                tx.audit("team-join", None, None, Some(&roster.team.to_string()))?;
                Ok(())
            })?;
            let _ = std::fs::remove_file(folder.join(JOIN_DIR).join(format!("{me}.json")));
            report.read.push((member.name.clone(), 0, snapshot.export.records.total()));
            return Ok(true);
        }
        Ok(false)
    }

    /// Lets in the laptops that asked with a valid, unused invitation: they
    /// join the roster and get the team's keys and a snapshot of the store.
    fn let_in(&mut self, folder: &Path, keys: &DeviceKeys, report: &mut SyncReport) -> Result<()> {
        let dir = folder.join(JOIN_DIR);
        let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(()) };
        let me = self.store.device();
        let mut roster = self.roster()?.ok_or(SyncError::NoTeam)?;
        let mut admitted = Vec::new();
        for entry in entries.filter_map(|e| e.ok()) {
            let Ok(text) = std::fs::read(entry.path()) else { continue };
            let Ok(request) = serde_json::from_slice::<JoinRequest>(&text) else { continue };
            if request.team != roster.team || roster.members.contains_key(&request.device) {
                continue;
            }
            if !team::verify(&request.sign, request.proof.as_bytes(), &request.signature) {
                continue;
            }
            let token = roster
                .invites
                .iter()
                .find(|(token, invite)| {
                    invite.used_by.is_none()
                        && proof(token, request.device, &request.sign, &request.recipient) == request.proof
                })
                .map(|(t, _)| t.clone());
            let Some(token) = token else { continue };
            let Some(invite) = roster.invites.get_mut(&token) else { continue };
            invite.used_by = Some(request.device);
            let (name, role) = (invite.name.clone(), invite.role);
            let member = Member {
                name: name.clone(),
                role,
                sign: request.sign.clone(),
                recipient: request.recipient.clone(),
                added_by: me,
                removed_after: None,
                removed_by: None,
                signature: String::new(),
                removal_signature: None,
            };
            roster.admit(request.device, member, me, keys)?;
            admitted.push((request.device, request.recipient.clone(), name));
        }
        if admitted.is_empty() {
            return Ok(());
        }
        roster.grant_missing(me, keys)?;
        self.save_roster(&roster)?;
        // The others hear of them in the next bundle; the new laptops get a snapshot.
        self.publish(folder, &roster, keys, report, &crate::progress::quiet)?;
        let export = self.export()?;
        for (device, recipient, name) in admitted {
            let snapshot = SnapshotPayload {
                format: "ineen-snapshot".into(),
                version: BUNDLE_VERSION,
                schema: crate::store::schema_version(),
                roster: roster.clone(),
                export: export.clone(),
            };
            let json = serde_json::to_vec(&snapshot).map_err(crate::store::StoreError::from)?;
            let header = Header {
                version: BUNDLE_VERSION,
                team: roster.team,
                device: me,
                kind: "snapshot".into(),
                seq: self.store.vv()?.get(&me).copied().unwrap_or(0),
                epoch: None,
                to: Some(device),
            };
            let file = seal_packed(&header, &pack(&json)?, &[recipient], keys)?;
            write_atomically(&folder.join(me.to_string()).join(format!("snapshot-{device}.ineen")), &file)?;
            self.store.write(|tx| tx.audit("team-admit", None, None, Some(&device.to_string())))?;
            report.joined.push(name);
        }
        Ok(())
    }

    /// Every open conflict, as a person reads it.
    pub fn conflicts(&mut self) -> Result<Vec<ConflictView>> {
        let lang = self.store.language()?;
        let roster = self.roster()?;
        let me = self.store.device();
        let who = |device: Uuid| -> String {
            match roster.as_ref().and_then(|r| r.members.get(&device)) {
                Some(m) => m.name.clone(),
                None if device == me => lang.pick("deze laptop", "this laptop").to_string(),
                None => team::short(device),
            }
        };
        let when = |hlc: &str| -> String {
            wall(hlc)
                .and_then(|ms| DateTime::<Utc>::from_timestamp_millis(ms as i64))
                .map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default()
        };
        let mut out = Vec::new();
        for c in self.store.conflicts()? {
            let Some(version) = Version::decode(&c.version) else { continue };
            let Some((current_value, current_version)) = self.current_value(&c.table, c.record, &c.field)? else {
                continue;
            };
            // Two laptops that made the same change: nothing to choose.
            if current_value == c.value {
                continue;
            }
            let (about, enrolment) = self.describe(&c.table, c.record, lang)?;
            out.push(ConflictView {
                id: c.id.clone(),
                table: c.table.clone(),
                record: c.record,
                field: c.field.clone(),
                about,
                enrolment,
                current: ConflictSide {
                    text: value_text(&current_value, lang),
                    value: current_value,
                    who: who(current_version.device),
                    when: when(&current_version.hlc),
                    mine: current_version.device == me,
                },
                other: ConflictSide {
                    text: value_text(&c.value, lang),
                    value: c.value.clone(),
                    who: who(version.device),
                    when: when(&version.hlc),
                    mine: version.device == me,
                },
            });
        }
        Ok(out)
    }

    /// The open conflicts of the records of one enrolment (and the enrolment itself).
    pub fn conflicts_of_enrolment(&mut self, enrolment: Uuid) -> Result<Vec<ConflictView>> {
        Ok(self.conflicts()?.into_iter().filter(|c| c.enrolment == Some(enrolment)).collect())
    }

    /// Settles a conflict: the chosen value becomes a change of this device
    /// that travels and closes the conflict on every laptop.
    pub fn resolve_conflict(&mut self, id: &str, take: &Take) -> Result<()> {
        let conflict = self.store.conflict(id.trim())?.ok_or_else(|| SyncError::NoConflict(id.trim().to_string()))?;
        let Some((current, _)) = self.current_value(&conflict.table, conflict.record, &conflict.field)? else {
            return Err(SyncError::NoConflict(id.to_string()).into());
        };
        let value = match take {
            Take::Current => current,
            Take::Other => conflict.value.clone(),
            Take::Value(text) => match serde_json::from_str::<serde_json::Value>(text) {
                Ok(v) if !v.is_string() || current.is_string() => v,
                _ => serde_json::Value::String(text.clone()),
            },
        };
        self.store.write(|tx| -> Result<()> {
            put_field(tx, &conflict.table, conflict.record, &conflict.field, value)?;
            tx.audit(
                "conflict-resolve",
                Some(&conflict.table),
                Some(&conflict.record.to_string()),
                Some(&conflict.field),
            )?;
            Ok(())
        })?;
        if conflict.table == "programme_file" {
            self.adopt_shared_programmes()?;
        }
        Ok(())
    }

    fn current_value(&self, table: &str, id: Uuid, field: &str) -> Result<Option<(serde_json::Value, Version)>> {
        let row = self.store.row(table, id)?;
        let Some(row) = row else { return Ok(None) };
        let value = if field == DELETED {
            serde_json::Value::Bool(row.get(DELETED) == Some(&serde_json::Value::from(1)))
        } else {
            row.get(field).cloned().unwrap_or(serde_json::Value::Null)
        };
        let meta_fields: BTreeMap<String, String> = match row.get("fv").and_then(|v| v.as_str()) {
            Some(fv) => serde_json::from_str(fv).map_err(crate::store::StoreError::from)?,
            None => BTreeMap::new(),
        };
        let version = match meta_fields.get(field).and_then(|v| Version::decode(v)) {
            Some(v) => v,
            None => Version {
                hlc: row.get("hlc").and_then(|v| v.as_str()).unwrap_or_default().to_string(),
                device: row
                    .get("device")
                    .and_then(|v| v.as_str())
                    .and_then(|d| Uuid::parse_str(d).ok())
                    .unwrap_or_default(),
                seq: row.get("seq").and_then(|v| v.as_u64()).unwrap_or(0),
            },
        };
        Ok(Some((value, version)))
    }

    /// What a record is, for a person, and the enrolment it belongs to.
    fn describe(&mut self, table: &str, id: Uuid, lang: Lang) -> Result<(String, Option<Uuid>)> {
        use crate::model::*;
        let person = |ineen: &Ineen, enrolment: Uuid| -> Result<Option<String>> {
            let Some(e) = ineen.store.get::<Enrolment>(enrolment)? else { return Ok(None) };
            Ok(ineen.store.get::<Participant>(e.participant_id)?.map(|p| format!("{} {}", p.given_name, p.family_name)))
        };
        let kind = |nl: &str, en: &str| lang.pick(nl, en).to_string();
        let out = match table {
            "attendance" => match self.store.get::<Attendance>(id)? {
                Some(a) => {
                    let name = person(self, a.enrolment_id)?.unwrap_or_default();
                    let session = self.store.get::<Session>(a.session_id)?;
                    let when = session
                        .map(|s| match lang {
                            Lang::Nl => format!("bijeenkomst {} ({})", s.number, s.date.format("%d-%m-%Y")),
                            Lang::En => format!("session {} ({})", s.number, s.date.format("%Y-%m-%d")),
                        })
                        .unwrap_or_default();
                    (format!("{} · {name} · {when}", kind("Aanwezigheid", "Attendance")), Some(a.enrolment_id))
                }
                None => (kind("Aanwezigheid", "Attendance"), None),
            },
            "enrolment" => {
                (format!("{} · {}", kind("Inschrijving", "Enrolment"), person(self, id)?.unwrap_or_default()), Some(id))
            }
            "participant" => match self.store.get::<Participant>(id)? {
                Some(p) => (format!("{} · {} {}", kind("Deelnemer", "Participant"), p.given_name, p.family_name), None),
                None => (kind("Deelnemer", "Participant"), None),
            },
            "contact" | "observation" | "goal" | "consent" | "measurement" | "tip" => {
                let enrolment = match table {
                    "contact" => self.store.get::<Contact>(id)?.and_then(|c| c.enrolment_id),
                    "observation" => self.store.get::<Observation>(id)?.map(|o| o.enrolment_id),
                    "goal" => self.store.get::<Goal>(id)?.map(|g| g.enrolment_id),
                    "consent" => self.store.get::<Consent>(id)?.map(|c| c.enrolment_id),
                    "measurement" => self.store.get::<Measurement>(id)?.map(|m| m.enrolment_id),
                    _ => self.store.get::<Tip>(id)?.map(|t| t.enrolment_id),
                };
                let what = match table {
                    "contact" => kind("Contact", "Contact"),
                    "observation" => kind("Observatie", "Observation"),
                    "goal" => kind("Doel", "Goal"),
                    "consent" => kind("Toestemming", "Consent"),
                    "measurement" => kind("Meting", "Measurement"),
                    _ => kind("Tip", "Tip"),
                };
                let name = match enrolment {
                    Some(e) => person(self, e)?.unwrap_or_default(),
                    None => String::new(),
                };
                (format!("{what} · {name}"), enrolment)
            }
            "programme_file" => match self.store.get::<ProgrammeFile>(id)? {
                Some(f) => (format!("{} · {}", kind("Programma", "Programme"), f.programme_id), None),
                None => (kind("Programma", "Programme"), None),
            },
            "zat_meeting" => match self.store.get::<ZatMeeting>(id)? {
                Some(z) => {
                    let school = self.store.get::<School>(z.school_id)?.map(|s| s.name).unwrap_or_default();
                    (format!("{} · {school} · {}", kind("ZAT-overleg", "ZAT meeting"), z.date), None)
                }
                None => (kind("ZAT-overleg", "ZAT meeting"), None),
            },
            other => (format!("{other} {}", team::short(id)), None),
        };
        Ok(out)
    }
}

/// A value as a person reads it.
fn value_text(value: &serde_json::Value, lang: Lang) -> String {
    match value {
        serde_json::Value::Null => "—".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(true) => lang.pick("ja (verwijderd)", "yes (deleted)").into(),
        serde_json::Value::Bool(false) => lang.pick("nee", "no").into(),
        other => other.to_string(),
    }
}

fn required(text: &str, field: crate::error::Field) -> Result<String> {
    let text = text.trim();
    if text.is_empty() || text.chars().any(char::is_control) || text.chars().count() > 120 {
        return Err(Error::Invalid(crate::error::Invalid::Required(field)));
    }
    Ok(text.to_string())
}

/// Seals an already packed payload.
fn seal_packed(header: &Header, packed: &[u8], recipients: &[String], keys: &DeviceKeys) -> Result<Vec<u8>> {
    Ok(team::seal(header, packed, recipients, keys)?)
}

enum Taken {
    Applied { who: String, changed: usize, conflicts: usize },
    Waiting(String),
    Refused(Refusal),
}
