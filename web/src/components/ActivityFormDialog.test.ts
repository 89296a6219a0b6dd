// The activity dialog shows the fields of the chosen kind, sends only them, and shows a server
// error that names a field at that field.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { useUserStore } from '@/stores/user';
import { useMetaStore } from '@/stores/meta';
import { flush, mount, slotStub, type TestNode } from '@/test/renderer';
import ActivityFormDialog from './ActivityFormDialog.vue';

let pinia: Pinia;
let sent: { url: string; method: string; body: unknown }[];
let answer: { status: number; body: unknown };

beforeEach(() => {
  // The locale store sets the page's language and title.
  vi.stubGlobal('document', { documentElement: {}, title: '' });
  sent = [];
  answer = { status: 201, body: {} };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      sent.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined });
      if (url.startsWith('/api/units')) return new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 });
      return new Response(JSON.stringify(answer.body), { status: answer.status });
    }),
  );
  pinia = createPinia();
  setActivePinia(pinia);
  useUserStore().user = {
    id: 2, username: 'zhaoshang', display_name: '调度员', role: 'dispatcher', unit_id: null, unit_name: null,
    disabled: false, permissions: ['activity.read', 'activity.write'],
  };
  useMetaStore().units = [{ id: 7, code: 'JKQ', name: '经开区', kind: 'dev_zone', sort_order: 1, version: 1 }];
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const fieldKeys = (root: TestNode) => root.findAll((n) => typeof n.props['data-field'] === 'string').map((n) => n.props['data-field']);
const item = (root: TestNode, key: string) => root.find((n) => n.props['data-field'] === key)!;
/** The editing widget of a field: the component carrying v-model inside its form item. */
const widget = (root: TestNode, key: string) =>
  item(root, key).find((n) => typeof n.props['onUpdate:modelValue'] === 'function')!;

function open() {
  return mount(ActivityFormDialog, { modelValue: true, activity: null }, { plugins: [pinia], stubs: { 'el-dialog': slotStub('el-dialog') } });
}

describe('ActivityFormDialog', () => {
  it('shows the fields of the chosen kind', async () => {
    const { root } = open();
    expect(fieldKeys(root)).toEqual(['date', 'end_date', 'leader', 'destination', 'companies', 'outcome']);
    const kind = root.byTest('activity-kind')[0];
    await kind.emit('update:modelValue', 'visit');
    expect(fieldKeys(root)).toEqual(['date', 'persons', 'company', 'outcome']);
    await kind.emit('update:modelValue', 'exhibition');
    expect(fieldKeys(root)).toEqual([
      'title', 'date', 'end_date', 'place', 'brochures', 'enterprises_visited', 'key_talks', 'contacts', 'follow_ups', 'outcome',
    ]);
    // Required fields are marked.
    expect(item(root, 'title').props.required).toBe(true);
    expect(item(root, 'brochures').props.required).toBeFalsy();
  });

  it('refuses an incomplete form at its fields without calling the server', async () => {
    const { root } = open();
    await root.byTest('activity-kind')[0].emit('update:modelValue', 'exhibition');
    await root.byTest('activity-save')[0].trigger('click');
    await flush();
    expect(item(root, 'title').props.error).toBe('必填');
    expect(item(root, 'place').props.error).toBe('必填');
    expect(item(root, 'date').props.error).toBe('必填');
    expect(sent.filter((c) => c.url.startsWith('/api/activities'))).toEqual([]);
  });

  it('sends the kind’s fields only and shows a server error at the field it names', async () => {
    const { root } = open();
    await root.byTest('activity-unit')[0].emit('update:modelValue', 7);
    // Typed as a trip, then switched to an exhibition: the destination must not be sent.
    await widget(root, 'destination').emit('update:modelValue', '深圳');
    await root.byTest('activity-kind')[0].emit('update:modelValue', 'exhibition');
    await widget(root, 'title').emit('update:modelValue', '徽商大会');
    await widget(root, 'date').emit('update:modelValue', '2026-05-18');
    await widget(root, 'place').emit('update:modelValue', '合肥');
    await widget(root, 'brochures').emit('update:modelValue', 300);

    answer = { status: 422, body: { error: { code: 'unprocessable', message: '地点不在本市范围', field: 'place' } } };
    await root.byTest('activity-save')[0].trigger('click');
    await flush();

    const post = sent.find((c) => c.url === '/api/activities');
    expect(post?.method).toBe('POST');
    expect(post?.body).toMatchObject({
      unit_id: 7, kind: 'exhibition', title: '徽商大会', date: '2026-05-18', place: '合肥', brochures: 300,
      destination: '', leader: '', company: '', persons: 0,
    });
    expect(item(root, 'place').props.error).toBe('地点不在本市范围');
    expect(item(root, 'title').props.error).toBeUndefined();
  });
});
