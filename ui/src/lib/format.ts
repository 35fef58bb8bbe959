// Dates and labels as users read them, in the current language.

import type {
  AttendanceStatus,
  ContactKind,
  EnrolmentStatus,
  Flag,
  OwnContactKind,
  Programme,
  TrackKind,
} from './bindings';
import { i18n, t } from './i18n/i18n.svelte';
import type { MessageKey } from './i18n/messages';

const locale = () => (i18n.lang === 'nl' ? 'nl-NL' : 'en-GB');

/** "2026-09-02" → a Date at noon local time (no timezone surprises). */
export const parseDate = (iso: string): Date => new Date(`${iso}T12:00:00`);

/** "2 sep. 2026" */
export const shortDate = (iso: string): string =>
  parseDate(iso).toLocaleDateString(locale(), { day: 'numeric', month: 'short', year: 'numeric' });

/** An RFC 3339 moment as "29 nov 2026 14:05" in local time. */
export const dateTime = (at: string): string =>
  new Date(at).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });

/** "woensdag 2 september 2026" */
export const longDate = (iso: string): string =>
  parseDate(iso).toLocaleDateString(locale(), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });

/** ISO weekday 1..7 → "maandag" */
export const weekdayName = (iso: number): string =>
  new Date(2024, 0, iso).toLocaleDateString(locale(), { weekday: 'long' }); // 1 Jan 2024 was a Monday

export const todayIso = (): string => {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

export const ageOn = (birth: string, on: string): number => {
  const b = parseDate(birth);
  const o = parseDate(on);
  let age = o.getFullYear() - b.getFullYear();
  if (o.getMonth() < b.getMonth() || (o.getMonth() === b.getMonth() && o.getDate() < b.getDate())) age--;
  return age;
};

const ATTENDANCE: Record<AttendanceStatus, MessageKey> = {
  present: 'attendance.present',
  late: 'attendance.late',
  absent_excused: 'attendance.excused',
  absent_unexcused: 'attendance.unexcused',
  sick: 'attendance.sick',
};
export const attendanceLabel = (s: AttendanceStatus): string => t(ATTENDANCE[s]);
/** The statuses in the order of their keys (1 present … 5 sick). */
export const ATTENDANCE_STATUSES = Object.keys(ATTENDANCE) as AttendanceStatus[];

/** A whole number in the UI's language: "120.000" / "120,000". */
export const wholeNumber = (n: number): string => n.toLocaleString(locale());

/** Minutes as hours in the UI's language, with at most one decimal. */
export const hours = (minutes: number): string =>
  (minutes / 60).toLocaleString(locale(), { maximumFractionDigits: 1 });

const ENROLMENT: Record<EnrolmentStatus, MessageKey> = {
  referred: 'enrolment.referred',
  intake: 'enrolment.intake',
  active: 'enrolment.active',
  completed: 'enrolment.completed',
  stopped: 'enrolment.stopped',
};
export const enrolmentStatusLabel = (s: EnrolmentStatus): string => t(ENROLMENT[s]);

const CONTACT: Record<string, MessageKey | undefined> = {
  home_visit: 'contact.home_visit',
  class_visit: 'contact.class_visit',
  parent_observation: 'contact.parent_observation',
  teacher_observation: 'contact.teacher_observation',
  parent_meeting: 'contact.parent_meeting',
  teacher_meeting: 'contact.teacher_meeting',
  end_report_meeting: 'contact.end_report_meeting',
  zat_meeting: 'contact.zat_meeting',
  phone_call: 'contact.phone_call',
  incident_referral: 'contact.incident_referral',
};
/** The kinds every programme knows, in the order forms offer them. */
export const CONTACT_KINDS: ContactKind[] = Object.keys(CONTACT);

/** A kind of contact by name: a built-in one in the UI's language, a
 *  programme's own kind by the name its programme gives it (`own`). */
export function contactLabel(k: ContactKind, own: readonly OwnContactKind[] = []): string {
  const key = CONTACT[k];
  if (key) return t(key);
  const mine = own.find((o) => o.id === k);
  if (mine) return (i18n.lang === 'en' && mine.name.en) || mine.name.nl;
  return k.charAt(0).toUpperCase() + k.slice(1);
}

/** The kinds a contact of a group of this programme may have: the built-in ones and its own. */
export const contactKindsOf = (p: Programme | undefined): ContactKind[] => [
  ...CONTACT_KINDS,
  ...(p?.contact_kinds ?? []).map((k) => k.id),
];



const SESSION_TRACK: Record<TrackKind, MessageKey> = {
  child: 'track.child',
  parent: 'track.parent',
  teacher: 'track.teacher',
  individual: 'track.individual',
};
export const trackName = (k: TrackKind): string => t(SESSION_TRACK[k]);

export function flagLabel(flag: Flag, own: readonly OwnContactKind[] = []): string {
  switch (flag.kind) {
    case 'consecutive_absences':
      return t('flag.consecutive', { count: flag.count });
    case 'low_attendance':
      return t('flag.low', { percent: flag.percent, threshold: flag.threshold });
    case 'absent_hours':
      return t('flag.absentHours', {
        hours: hours(flag.minutes),
        weeks: flag.weeks,
        threshold: flag.threshold_hours,
        from: shortDate(flag.from),
        to: shortDate(flag.to),
      });
    case 'sick_days':
      return t('flag.sickDays', {
        days: flag.days,
        weeks: flag.weeks,
        threshold: flag.threshold,
        from: shortDate(flag.from),
        to: shortDate(flag.to),
      });
    case 'indication_missing':
      return t('flag.indication');
    case 'attendance_without_indication':
      return t('flag.withoutIndication', { sessions: flag.sessions, from: shortDate(flag.first) });
    case 'consent_missing':
      return t('flag.consent');
    case 'contact_overdue':
      return t('flag.overdue', { contact: contactLabel(flag.contact, own).toLowerCase() });
  }
}
