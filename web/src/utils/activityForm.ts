// The activity form: which fields each kind of activity shows (docs/api.md "Activities": a trip has a
// destination, a visit a company and a head count, an exhibition a title, a place and its tallies),
// the client-side checks, and the body sent, with the other kinds' fields emptied as the server
// requires.
import type { Activity, ActivityInput, ActivityKind } from '@/api/activities';

export type ActivityFieldType = 'date' | 'text' | 'textarea' | 'count';

export interface ActivityField {
  key: ActivityFieldKey;
  type: ActivityFieldType;
  required?: boolean;
}

export type ActivityFieldKey = Exclude<keyof ActivityInput, 'unit_id' | 'kind'>;

const TEXT_FIELDS = ['title', 'leader', 'destination', 'place', 'company', 'companies', 'outcome'] as const;
const COUNT_FIELDS = ['persons', 'brochures', 'enterprises_visited', 'key_talks', 'contacts', 'follow_ups'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type CountField = (typeof COUNT_FIELDS)[number];

/** The fields of each kind, in form order. */
export const ACTIVITY_FIELDS: Record<ActivityKind, ActivityField[]> = {
  trip: [
    { key: 'date', type: 'date', required: true },
    { key: 'end_date', type: 'date' },
    { key: 'leader', type: 'text' },
    { key: 'destination', type: 'text', required: true },
    { key: 'companies', type: 'textarea' },
    { key: 'outcome', type: 'textarea' },
  ],
  visit: [
    { key: 'date', type: 'date', required: true },
    { key: 'persons', type: 'count', required: true },
    { key: 'company', type: 'text', required: true },
    { key: 'outcome', type: 'textarea' },
  ],
  exhibition: [
    { key: 'title', type: 'text', required: true },
    { key: 'date', type: 'date', required: true },
    { key: 'end_date', type: 'date' },
    { key: 'place', type: 'text', required: true },
    { key: 'brochures', type: 'count' },
    { key: 'enterprises_visited', type: 'count' },
    { key: 'key_talks', type: 'count' },
    { key: 'contacts', type: 'count' },
    { key: 'follow_ups', type: 'count' },
    { key: 'outcome', type: 'textarea' },
  ],
};

export const MAX_COUNT = 10_000_000;
export const MAX_TEXT = 2000;
export const MAX_SPAN_DAYS = 60;

/** What the dialog edits: counts may be empty (null) while typing. */
export interface ActivityForm {
  unit_id: number | null;
  kind: ActivityKind;
  date: string | null;
  end_date: string | null;
  title: string;
  leader: string;
  destination: string;
  place: string;
  company: string;
  companies: string;
  outcome: string;
  persons: number | null;
  brochures: number | null;
  enterprises_visited: number | null;
  key_talks: number | null;
  contacts: number | null;
  follow_ups: number | null;
}

export function emptyActivityForm(kind: ActivityKind = 'trip', unitId: number | null = null): ActivityForm {
  return {
    unit_id: unitId,
    kind,
    date: null,
    end_date: null,
    title: '',
    leader: '',
    destination: '',
    place: '',
    company: '',
    companies: '',
    outcome: '',
    persons: null,
    brochures: null,
    enterprises_visited: null,
    key_talks: null,
    contacts: null,
    follow_ups: null,
  };
}

export function activityToForm(a: Activity): ActivityForm {
  const f = emptyActivityForm(a.kind, a.unit_id);
  f.date = a.date;
  f.end_date = a.end_date ?? null;
  for (const k of TEXT_FIELDS) f[k] = a[k] ?? '';
  for (const k of COUNT_FIELDS) f[k] = a[k] ?? 0;
  return f;
}

export function fieldsOf(kind: ActivityKind): ActivityField[] {
  return ACTIVITY_FIELDS[kind];
}

export function hasField(kind: ActivityKind, key: string): boolean {
  return ACTIVITY_FIELDS[kind].some((f) => f.key === key);
}

/** The request body: the kind's fields trimmed, every other kind's field empty or 0. */
export function activityBody(f: ActivityForm): ActivityInput {
  const own = (k: ActivityFieldKey) => hasField(f.kind, k);
  const body = {
    unit_id: f.unit_id as number,
    kind: f.kind,
    date: f.date ?? '',
    end_date: own('end_date') ? f.end_date || null : null,
  } as ActivityInput;
  for (const k of TEXT_FIELDS) (body[k as TextField] as string) = own(k) ? (f[k] ?? '').trim() : '';
  for (const k of COUNT_FIELDS) (body[k as CountField] as number) = own(k) ? (f[k] ?? 0) : 0;
  return body;
}

export type ActivityProblem = 'required' | 'future' | 'end_before_start' | 'span' | 'persons_min' | 'count_range' | 'too_long';

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** What is wrong with the form, by field (what the server would refuse, checked before sending). */
export function checkActivity(f: ActivityForm, today: string): Partial<Record<ActivityFieldKey | 'unit_id', ActivityProblem>> {
  const out: Partial<Record<ActivityFieldKey | 'unit_id', ActivityProblem>> = {};
  if (f.unit_id === null) out.unit_id = 'required';
  for (const field of fieldsOf(f.kind)) {
    const v = f[field.key];
    if (field.type === 'count') {
      if (v === null || v === undefined) {
        if (field.required) out[field.key] = 'required';
      } else if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > MAX_COUNT) out[field.key] = 'count_range';
    } else if (field.required && !(typeof v === 'string' && v.trim())) {
      out[field.key] = 'required';
    } else if (typeof v === 'string' && v.length > MAX_TEXT) {
      out[field.key] = 'too_long';
    }
  }
  if (f.date && f.date > today) out.date = 'future';
  if (f.kind === 'visit' && f.persons !== null && f.persons < 1 && !out.persons) out.persons = 'persons_min';
  if (f.date && f.end_date && hasField(f.kind, 'end_date')) {
    if (f.end_date < f.date) out.end_date = 'end_before_start';
    else if (days(f.date, f.end_date) > MAX_SPAN_DAYS) out.end_date = 'span';
  }
  return out;
}

/** The one-line description of an activity in lists and selects. */
export function activityHeadline(a: Pick<Activity, 'kind' | 'title' | 'destination' | 'company' | 'place'>): string {
  switch (a.kind) {
    case 'trip':
      return a.destination || '';
    case 'visit':
      return a.company || '';
    case 'exhibition':
      return [a.title, a.place].filter(Boolean).join(' · ');
  }
  return '';
}
