//! The team roster: who is in the team, with which keys and role, the open
//! invitations, and the team's keys per epoch (sealed to each member).
//!
//! The roster only grows: members, invitations, removals and key grants
//! are added, never taken back, so two rosters merge by union and every
//! device ends with the same one whatever the order it heard of changes in.
//! It travels inside the signed bundles of members.

use std::collections::BTreeMap;

use data_encoding::BASE64;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{decrypt, encrypt, DeviceKeys, SyncError};

/// What a device's user does in the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Trainer,
    Coordinator,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The person or laptop, e.g. "Anouk (laptop)".
    pub name: String,
    pub role: Role,
    /// ed25519 public key, base64.
    pub sign: String,
    /// age X25519 recipient, "age1…".
    pub recipient: String,
    pub added_by: Uuid,
    /// Removed: bundles of this device after this seq are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_after: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_by: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Invite {
    pub name: String,
    pub role: Role,
    pub by: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_by: Option<Uuid>,
}

/// One generation of the team key: bundles are encrypted to `recipient`;
/// each member holds the identity sealed to its own key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Epoch {
    pub recipient: String,
    /// Per member: the epoch's identity, encrypted to the member (base64).
    pub grants: BTreeMap<Uuid, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    pub team: Uuid,
    pub name: String,
    pub founder: Uuid,
    pub members: BTreeMap<Uuid, Member>,
    /// By invite token.
    #[serde(default)]
    pub invites: BTreeMap<String, Invite>,
    /// By "<number, 10 digits>-<device that made it>": the greatest is current.
    #[serde(default)]
    pub epochs: BTreeMap<String, Epoch>,
}

fn epoch_key(number: u64, by: Uuid) -> String {
    format!("{number:010}-{by}")
}

impl Roster {
    /// A new team with one member, its founder, and a first team key.
    pub fn found(team: Uuid, name: &str, device: Uuid, me: Member) -> Result<Roster, SyncError> {
        let mut roster = Roster {
            team,
            name: name.to_string(),
            founder: device,
            members: BTreeMap::from([(device, me)]),
            invites: BTreeMap::new(),
            epochs: BTreeMap::new(),
        };
        roster.new_epoch(device)?;
        Ok(roster)
    }

    /// A member that has not been removed.
    pub fn live(&self, device: Uuid) -> Option<&Member> {
        self.members.get(&device).filter(|m| m.removed_after.is_none())
    }

    /// Whether `device` may invite and remove laptops.
    pub fn may_manage(&self, device: Uuid) -> bool {
        self.live(device).is_some_and(|m| m.role == Role::Coordinator || device == self.founder)
    }

    /// The current team key: its name and epoch.
    pub fn current_epoch(&self) -> Option<(&String, &Epoch)> {
        self.epochs.iter().next_back()
    }

    /// The identity of an epoch, opened with this device's keys.
    pub fn epoch_identity(&self, epoch: &str, me: Uuid, keys: &DeviceKeys) -> Option<age::x25519::Identity> {
        let grant = self.epochs.get(epoch)?.grants.get(&me)?;
        let sealed = BASE64.decode(grant.as_bytes()).ok()?;
        let plain = decrypt(&keys.identity().ok()?, &sealed)?;
        String::from_utf8(plain).ok()?.parse().ok()
    }

    /// Makes a new team key, sealed to every live member (after a removal:
    /// what is written from now on is no longer readable by the removed).
    pub fn new_epoch(&mut self, me: Uuid) -> Result<(), SyncError> {
        use age::secrecy::ExposeSecret;
        let number = self.epochs.keys().filter_map(|k| k.get(..10)?.parse::<u64>().ok()).max().unwrap_or(0) + 1;
        let identity = age::x25519::Identity::generate();
        let secret = identity.to_string().expose_secret().to_string();
        let mut grants = BTreeMap::new();
        for (device, member) in self.members.iter().filter(|(_, m)| m.removed_after.is_none()) {
            grants
                .insert(*device, BASE64.encode(&encrypt(std::slice::from_ref(&member.recipient), secret.as_bytes())?));
        }
        self.epochs.insert(epoch_key(number, me), Epoch { recipient: identity.to_public().to_string(), grants });
        Ok(())
    }

    /// Seals every team key this device holds to live members that lack it
    /// (a member let in while another device made a new key). Returns
    /// whether anything was added.
    pub fn grant_missing(&mut self, me: Uuid, keys: &DeviceKeys) -> Result<bool, SyncError> {
        use age::secrecy::ExposeSecret;
        let live: Vec<(Uuid, String)> = self
            .members
            .iter()
            .filter(|(_, m)| m.removed_after.is_none())
            .map(|(d, m)| (*d, m.recipient.clone()))
            .collect();
        let mut added = false;
        let names: Vec<String> = self.epochs.keys().cloned().collect();
        for name in names {
            let missing: Vec<&(Uuid, String)> =
                live.iter().filter(|(d, _)| !self.epochs[&name].grants.contains_key(d)).collect();
            if missing.is_empty() {
                continue;
            }
            let Some(identity) = self.epoch_identity(&name, me, keys) else { continue };
            let secret = identity.to_string().expose_secret().to_string();
            for (device, recipient) in missing {
                let sealed = BASE64.encode(&encrypt(std::slice::from_ref(recipient), secret.as_bytes())?);
                if let Some(epoch) = self.epochs.get_mut(&name) {
                    epoch.grants.insert(*device, sealed);
                    added = true;
                }
            }
        }
        Ok(added)
    }

    /// Takes in what another copy of the roster knows. Returns whether
    /// anything was new. Rosters of another team are not merged.
    pub fn merge(&mut self, other: &Roster) -> bool {
        if other.team != self.team {
            return false;
        }
        let before = self.clone();
        for (device, theirs) in &other.members {
            match self.members.get_mut(device) {
                None => {
                    self.members.insert(*device, theirs.clone());
                }
                Some(mine) => {
                    // A removal stands; of two, the earlier cut-off.
                    if let Some(after) = theirs.removed_after {
                        if mine.removed_after.is_none_or(|m| after < m) {
                            mine.removed_after = Some(after);
                            mine.removed_by = theirs.removed_by;
                        }
                    }
                }
            }
        }
        for (token, theirs) in &other.invites {
            let mine = self.invites.entry(token.clone()).or_insert_with(|| theirs.clone());
            if mine.used_by.is_none() {
                mine.used_by = theirs.used_by;
            }
        }
        for (name, theirs) in &other.epochs {
            let mine = self.epochs.entry(name.clone()).or_insert_with(|| theirs.clone());
            for (device, grant) in &theirs.grants {
                mine.grants.entry(*device).or_insert_with(|| grant.clone());
            }
        }
        *self != before
    }

    /// A short fingerprint of the whole roster, to tell whether it changed.
    pub fn digest(&self) -> String {
        use sha2::Digest;
        let text = serde_json::to_string(self).unwrap_or_default();
        sha2::Sha256::digest(text.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
    }
}
