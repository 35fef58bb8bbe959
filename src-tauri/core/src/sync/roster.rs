//! The team roster: who is in the team, with which keys and role, the open
//! invitations, and the team's keys per epoch (sealed to each member).
//!
//! The roster only grows: members, invitations, removals and key grants
//! are added, never taken back, so two rosters merge by union and every
//! device ends with the same one whatever the order it heard of changes in.
//! It travels inside the signed bundles of members. Each member entry, each
//! invitation and each removal is signed by the founder or a coordinator
//! who made it: an entry that is not is ignored when rosters merge, so a
//! trainer's laptop cannot let anyone in or put anyone out.

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
    /// `added_by`'s signature of this entry.
    #[serde(default)]
    pub signature: String,
    /// `removed_by`'s signature of the removal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removal_signature: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Invite {
    pub name: String,
    pub role: Role,
    pub by: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_by: Option<Uuid>,
    /// `by`'s signature of the invitation.
    #[serde(default)]
    pub signature: String,
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

fn member_message(team: Uuid, device: Uuid, m: &Member) -> Vec<u8> {
    format!("ineen-member\n{team}\n{device}\n{}\n{:?}\n{}\n{}\n{}", m.name, m.role, m.sign, m.recipient, m.added_by)
        .into_bytes()
}

fn removal_message(team: Uuid, device: Uuid, after: u64, by: Uuid) -> Vec<u8> {
    format!("ineen-removal\n{team}\n{device}\n{after}\n{by}").into_bytes()
}

fn invite_message(team: Uuid, token: &str, i: &Invite) -> Vec<u8> {
    format!("ineen-invite\n{team}\n{token}\n{}\n{:?}\n{}", i.name, i.role, i.by).into_bytes()
}

impl Roster {
    /// A new team with one member, its founder, and a first team key.
    pub fn found(team: Uuid, name: &str, device: Uuid, mut me: Member, keys: &DeviceKeys) -> Result<Roster, SyncError> {
        me.added_by = device;
        me.signature = keys.sign(&member_message(team, device, &me))?;
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

    /// Adds a member, signed by this (managing) device.
    pub fn admit(&mut self, device: Uuid, mut member: Member, me: Uuid, keys: &DeviceKeys) -> Result<(), SyncError> {
        member.added_by = me;
        member.signature = keys.sign(&member_message(self.team, device, &member))?;
        self.members.insert(device, member);
        Ok(())
    }

    /// Adds an invitation, signed by this (managing) device.
    pub fn add_invite(&mut self, token: String, mut invite: Invite, keys: &DeviceKeys) -> Result<(), SyncError> {
        invite.signature = keys.sign(&invite_message(self.team, &token, &invite))?;
        self.invites.insert(token, invite);
        Ok(())
    }

    /// Removes a member: its bundles after `after` are refused.
    pub fn remove(&mut self, device: Uuid, after: u64, me: Uuid, keys: &DeviceKeys) -> Result<(), SyncError> {
        let signature = keys.sign(&removal_message(self.team, device, after, me))?;
        if let Some(m) = self.members.get_mut(&device) {
            if m.removed_after.is_none() {
                m.removed_after = Some(after);
                m.removed_by = Some(me);
                m.removal_signature = Some(signature);
            }
        }
        Ok(())
    }

    /// Whether a member entry was made by the founder (its own) or a
    /// manager in `self`, with a valid signature.
    fn member_is_genuine(&self, device: Uuid, m: &Member) -> bool {
        let by = if device == self.founder && m.added_by == device { Some(m) } else { self.members.get(&m.added_by) };
        let manager = m.added_by == self.founder || by.is_some_and(|b| b.role == Role::Coordinator);
        manager && by.is_some_and(|b| super::verify(&b.sign, &member_message(self.team, device, m), &m.signature))
    }

    fn removal_is_genuine(&self, device: Uuid, m: &Member) -> bool {
        let (Some(after), Some(by), Some(sig)) = (m.removed_after, m.removed_by, m.removal_signature.as_ref()) else {
            return false;
        };
        let Some(remover) = self.members.get(&by) else { return false };
        (by == self.founder || remover.role == Role::Coordinator)
            && super::verify(&remover.sign, &removal_message(self.team, device, after, by), sig)
    }

    fn invite_is_genuine(&self, token: &str, i: &Invite) -> bool {
        self.members.get(&i.by).is_some_and(|b| {
            (i.by == self.founder || b.role == Role::Coordinator)
                && super::verify(&b.sign, &invite_message(self.team, token, i), &i.signature)
        })
    }

    /// Whether every entry of this roster is signed by whoever may make it
    /// (a snapshot's roster is checked so before a new laptop trusts it).
    pub fn is_genuine(&self) -> bool {
        self.members.iter().all(|(d, m)| {
            self.member_is_genuine(*d, m) && (m.removed_after.is_none() || self.removal_is_genuine(*d, m))
        }) && self.invites.iter().all(|(t, i)| self.invite_is_genuine(t, i))
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

    /// Takes in what another copy of the roster knows: entries signed by
    /// whoever may make them (others are ignored). Returns whether anything
    /// was new. Rosters of another team are not merged.
    pub fn merge(&mut self, other: &Roster) -> bool {
        if other.team != self.team || other.founder != self.founder {
            return false;
        }
        let before = self.clone();
        // New members, as long as a known manager signed them (an adder may
        // itself be new in `other`: go round until nothing more is added).
        loop {
            let mut added = false;
            for (device, theirs) in &other.members {
                if !self.members.contains_key(device) && self.member_is_genuine(*device, theirs) {
                    let mut entry = theirs.clone();
                    entry.removed_after = None;
                    entry.removed_by = None;
                    entry.removal_signature = None;
                    self.members.insert(*device, entry);
                    added = true;
                }
            }
            if !added {
                break;
            }
        }
        for (device, theirs) in &other.members {
            let genuine = self.removal_is_genuine(*device, theirs);
            if let Some(mine) = self.members.get_mut(device) {
                // A removal stands; of two, the earlier cut-off.
                if let (true, Some(after)) = (genuine, theirs.removed_after) {
                    if mine.removed_after.is_none_or(|m| after < m) {
                        mine.removed_after = Some(after);
                        mine.removed_by = theirs.removed_by;
                        mine.removal_signature = theirs.removal_signature.clone();
                    }
                }
            }
        }
        for (token, theirs) in &other.invites {
            if !self.invites.contains_key(token) && !self.invite_is_genuine(token, theirs) {
                continue;
            }
            let mine = self.invites.entry(token.clone()).or_insert_with(|| theirs.clone());
            // An invitation is used by the device a manager let in with it.
            if mine.used_by.is_none() {
                mine.used_by = theirs.used_by.filter(|d| self.members.contains_key(d));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn member(keys: &DeviceKeys, name: &str, role: Role) -> Member {
        Member {
            name: name.into(),
            role,
            sign: keys.sign_public().expect("sign"),
            recipient: keys.recipient().expect("recipient"),
            added_by: Uuid::nil(),
            removed_after: None,
            removed_by: None,
            signature: String::new(),
            removal_signature: None,
        }
    }

    #[test]
    fn only_what_a_coordinator_signed_is_taken_in_and_rosters_merge_alike() {
        let (fk, tk, sk) = (
            DeviceKeys::generate().expect("k"),
            DeviceKeys::generate().expect("k"),
            DeviceKeys::generate().expect("k"),
        );
        let (founder, trainer, stranger) = (Uuid::from_u128(10), Uuid::from_u128(11), Uuid::from_u128(12));
        let mut roster = Roster::found(Uuid::from_u128(1), "T", founder, member(&fk, "Anouk", Role::Coordinator), &fk)
            .expect("team");
        roster.admit(trainer, member(&tk, "Mehmet", Role::Trainer), founder, &fk).expect("admit");
        assert!(roster.is_genuine());

        // A trainer's laptop lets a stranger in, removes the founder and invites someone.
        let mut forged = roster.clone();
        forged.admit(stranger, member(&sk, "X", Role::Coordinator), trainer, &tk).expect("admit");
        forged.remove(founder, 0, trainer, &tk).expect("remove");
        let invite =
            Invite { name: "Y".into(), role: Role::Coordinator, by: trainer, used_by: None, signature: String::new() };
        forged.add_invite("TOKEN".into(), invite, &tk).expect("invite");
        assert!(!forged.is_genuine());
        let mut mine = roster.clone();
        assert!(!mine.merge(&forged), "none of it is taken in");
        assert!(mine.live(founder).is_some() && mine.live(stranger).is_none() && mine.invites.is_empty());

        // What the founder signed is, in any order.
        let mut a = roster.clone();
        a.admit(stranger, member(&sk, "Sanne", Role::Trainer), founder, &fk).expect("admit");
        let mut b = roster.clone();
        b.remove(trainer, 3, founder, &fk).expect("remove");
        let (mut ab, mut ba) = (a.clone(), b.clone());
        assert!(ab.merge(&b) && ba.merge(&a));
        assert_eq!(ab, ba);
        assert!(ab.live(stranger).is_some() && ab.live(trainer).is_none());
        assert_eq!(ab.members[&trainer].removed_after, Some(3));
    }
}
