// The activity form shows each kind's fields and sends only them: the server refuses another kind's
// fields unless empty or 0.
import { describe, expect, it } from 'vitest';
import type { Activity } from '@/api/activities';
import {
  activityBody,
  activityHeadline,
  activityToForm,
  checkActivity,
  emptyActivityForm,
  fieldsOf,
  hasField,
} from './activityForm';

describe('activity form by kind', () => {
  it('lists the fields of each kind', () => {
    expect(fieldsOf('trip').map((f) => f.key)).toEqual(['date', 'end_date', 'leader', 'destination', 'companies', 'outcome']);
    expect(fieldsOf('visit').map((f) => f.key)).toEqual(['date', 'persons', 'company', 'outcome']);
    expect(fieldsOf('exhibition').map((f) => f.key)).toEqual([
      'title', 'date', 'end_date', 'place', 'brochures', 'enterprises_visited', 'key_talks', 'contacts', 'follow_ups', 'outcome',
    ]);
    expect(fieldsOf('trip').filter((f) => f.required).map((f) => f.key)).toEqual(['date', 'destination']);
    expect(fieldsOf('visit').filter((f) => f.required).map((f) => f.key)).toEqual(['date', 'persons', 'company']);
    expect(fieldsOf('exhibition').filter((f) => f.required).map((f) => f.key)).toEqual(['title', 'date', 'place']);
    expect(hasField('visit', 'end_date')).toBe(false);
  });

  it('sends only the chosen kind’s fields, the others empty or 0', () => {
    const f = emptyActivityForm('exhibition', 7);
    Object.assign(f, {
      title: ' 2026中国国际徽商大会 ',
      date: '2026-05-18',
      end_date: '2026-05-20',
      place: '合肥',
      brochures: 500,
      enterprises_visited: 12,
      key_talks: 5,
      contacts: 8,
      follow_ups: 3,
      outcome: '达成意向3家',
      // typed before switching kind: must not be sent
      destination: '深圳',
      company: '某公司',
      persons: 4,
      leader: '张三',
    });
    expect(activityBody(f)).toEqual({
      unit_id: 7,
      kind: 'exhibition',
      date: '2026-05-18',
      end_date: '2026-05-20',
      title: '2026中国国际徽商大会',
      leader: '',
      destination: '',
      place: '合肥',
      company: '',
      companies: '',
      persons: 0,
      brochures: 500,
      enterprises_visited: 12,
      key_talks: 5,
      contacts: 8,
      follow_ups: 3,
      outcome: '达成意向3家',
    });

    f.kind = 'visit';
    const visit = activityBody(f);
    expect(visit).toMatchObject({ kind: 'visit', company: '某公司', persons: 4, end_date: null, title: '', place: '', brochures: 0 });

    f.kind = 'trip';
    const trip = activityBody(f);
    expect(trip).toMatchObject({ kind: 'trip', destination: '深圳', leader: '张三', end_date: '2026-05-20', company: '', persons: 0 });
    // Empty tallies of the kind are sent as 0.
    const empty = emptyActivityForm('exhibition', 1);
    expect(activityBody(empty)).toMatchObject({ brochures: 0, follow_ups: 0, end_date: null });
  });

  it('checks what the server would refuse', () => {
    const today = '2026-06-30';
    const v = emptyActivityForm('visit', null);
    expect(checkActivity(v, today)).toEqual({ unit_id: 'required', date: 'required', persons: 'required', company: 'required' });
    Object.assign(v, { unit_id: 1, date: '2026-07-01', persons: 0, company: 'X' });
    expect(checkActivity(v, today)).toEqual({ date: 'future', persons: 'persons_min' });
    v.date = '2026-06-30';
    v.persons = 3;
    expect(checkActivity(v, today)).toEqual({});

    const e = emptyActivityForm('exhibition', 1);
    Object.assign(e, { title: '展会', place: '上海', date: '2026-05-01', end_date: '2026-04-30' });
    expect(checkActivity(e, today)).toEqual({ end_date: 'end_before_start' });
    e.end_date = '2026-07-01';
    expect(checkActivity(e, today)).toEqual({ end_date: 'span' });
    e.end_date = '2026-06-30'; // 60 days later: allowed
    e.brochures = -1;
    expect(checkActivity(e, today)).toEqual({ brochures: 'count_range' });
    e.brochures = 10_000_001;
    expect(checkActivity(e, today)).toEqual({ brochures: 'count_range' });

    // Another kind's leftovers are not checked.
    const trip = emptyActivityForm('trip', 1);
    Object.assign(trip, { date: '2026-06-01', destination: '苏州', persons: -5, title: 'x'.repeat(3000) });
    expect(checkActivity(trip, today)).toEqual({});
    trip.outcome = 'y'.repeat(2001);
    expect(checkActivity(trip, today)).toEqual({ outcome: 'too_long' });
  });

  it('round-trips an activity and describes it in one line', () => {
    const a: Activity = {
      id: 3, unit_id: 2, unit_name: '经开区', kind: 'trip', date: '2026-03-02', end_date: '2026-03-04', title: '',
      leader: '李四', destination: '深圳', place: '', company: '', companies: '华为、比亚迪', persons: 0, brochures: 0,
      enterprises_visited: 0, key_talks: 0, contacts: 0, follow_ups: 0, outcome: '', lead_count: 1, version: 2,
      created_at: '', updated_at: '',
    };
    const f = activityToForm(a);
    const { id, unit_name, lead_count, version, created_at, updated_at, ...input } = a;
    void [id, unit_name, lead_count, version, created_at, updated_at];
    expect(activityBody(f)).toEqual(input);
    expect(activityHeadline(a)).toBe('深圳');
    expect(activityHeadline({ ...a, kind: 'visit', company: '某集团' })).toBe('某集团');
    expect(activityHeadline({ ...a, kind: 'exhibition', title: '徽商大会', place: '合肥' })).toBe('徽商大会 · 合肥');
  });
});
