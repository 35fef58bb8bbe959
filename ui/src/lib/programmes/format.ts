// How programme facts read in the UI.

import type { LocalizedText, Programme, SchoolType, Track, TrackKind } from '../bindings';
import { i18n, t } from '../i18n/i18n.svelte';
import type { MessageKey } from '../i18n/messages';

const TRACK_LABEL: Record<TrackKind, MessageKey> = {
  child: 'track.child',
  parent: 'track.parent',
  teacher: 'track.teacher',
  individual: 'track.individual',
};

const TRACK_ABOUT: Record<TrackKind, MessageKey> = {
  child: 'track.child.about',
  parent: 'track.parent.about',
  teacher: 'track.teacher.about',
  individual: 'track.individual.about',
};

const SCHOOL_TYPE: Record<SchoolType, MessageKey> = {
  po: 'school.po',
  vo: 'school.vo',
  mbo: 'school.mbo',
  vso: 'school.vso',
};

export const trackLabel = (kind: TrackKind): string => t(TRACK_LABEL[kind]);

export const trackAbout = (kind: TrackKind): string => t(TRACK_ABOUT[kind]);

export const schoolTypeLabel = (type: SchoolType): string => t(SCHOOL_TYPE[type]);

export const agesLabel = (p: Programme): string =>
  t('programme.ages', { min: p.ages.min, max: p.ages.max });

/** "10", or "4 tot 26" for a track of varying length. */
export function sessionsLabel(track: Track): string {
  return track.sessions_max === undefined
    ? String(track.sessions)
    : t('programme.sessionsRange', { min: track.sessions, max: track.sessions_max });
}

/** The planned total over all tracks, as a label ("24", "4 tot 26"). */
export function totalSessionsLabel(p: Programme): string {
  const min = p.tracks.reduce((sum, tr) => sum + tr.sessions, 0);
  const max = p.tracks.reduce((sum, tr) => sum + (tr.sessions_max ?? tr.sessions), 0);
  return min === max ? String(min) : t('programme.sessionsRange', { min, max });
}

/** A curriculum text in the current language (Dutch when there is no English). */
export const localized = (text: LocalizedText): string =>
  (i18n.lang === 'en' ? text.en : undefined) ?? text.nl;
