// How a conflict's values read: statuses and kinds in the user's words,
// other values as the core wrote them.

import type { AttendanceStatus, ConflictSide, ConflictView, EnrolmentStatus } from '../bindings';
import { attendanceLabel, enrolmentStatusLabel } from '../format';
import { t } from '../i18n/i18n.svelte';
import type { MessageKey } from '../i18n/messages';

const FIELDS: Record<string, MessageKey> = {
  status: 'field.status',
  note: 'field.note',
  deleted: 'field.deleted',
  name: 'field.name',
  town: 'field.town',
  text: 'field.text',
  summary: 'field.summary',
  audience: 'field.audience',
  date: 'field.date',
};

/** The field, as a trainer names it. */
export const fieldLabel = (field: string): string => (FIELDS[field] ? t(FIELDS[field]) : field);

/** One side's value, as a trainer reads it. */
export function sideValue(c: ConflictView, side: ConflictSide): string {
  if (c.field === 'status' && typeof side.value === 'string') {
    // Mid-sentence ("Anouk: aanwezig · Mehmet: te laat"), so in lower case.
    if (c.table === 'attendance') return attendanceLabel(side.value as AttendanceStatus).toLowerCase();
    if (c.table === 'enrolment') return enrolmentStatusLabel(side.value as EnrolmentStatus).toLowerCase();
  }
  if (c.field === 'deleted') return side.value === true ? t('conflicts.deleted') : t('conflicts.kept');
  return side.text;
}
