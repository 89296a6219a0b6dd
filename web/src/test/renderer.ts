// A DOM-free Vue renderer for component tests in vitest's node environment: elements are plain
// objects keeping their props and event handlers, so a test can read the rendered tree, fire a
// handler and read what the component emitted. Components the test app does not register (Element
// Plus) render as elements of their tag with their default slot.
import { createRenderer, defineComponent, h, nextTick, type Component, type Plugin } from 'vue';
import { i18n } from '@/locales';

export class TestNode {
  tag: string;
  text = '';
  props: Record<string, unknown> = {};
  children: TestNode[] = [];
  parent: TestNode | null = null;
  /** The value an input would have (set by `:value` and by tests). */
  value = '';

  constructor(tag: string, text = '') {
    this.tag = tag;
    this.text = text;
  }

  get textContent(): string {
    if (this.tag === '#text') return this.text;
    if (this.tag === '#comment') return '';
    return this.children.map((c) => c.textContent).join('');
  }

  /** The element's classes (Vue normalises `:class` to a string). */
  get classes(): string[] {
    return String(this.props.class ?? '').split(/\s+/).filter(Boolean);
  }

  attr(name: string): unknown {
    return this.props[name];
  }

  /** Every descendant element (depth first) that matches. */
  findAll(pred: (n: TestNode) => boolean): TestNode[] {
    const out: TestNode[] = [];
    const walk = (n: TestNode) => {
      for (const c of n.children) {
        if (pred(c)) out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }

  find(pred: (n: TestNode) => boolean): TestNode | undefined {
    return this.findAll(pred)[0];
  }

  /** Elements whose `data-test` is `name`. */
  byTest(name: string): TestNode[] {
    return this.findAll((n) => n.props['data-test'] === name);
  }

  /** Calls the element's (or unresolved component's) handler for `event` with these arguments, as an emit would. */
  async emit(event: string, ...args: unknown[]): Promise<void> {
    const key = 'on' + event[0].toUpperCase() + event.slice(1);
    const handler = this.props[key];
    const fns = Array.isArray(handler) ? handler : handler ? [handler] : [];
    if (!fns.length) throw new Error(`<${this.tag}> has no ${event} handler`);
    for (const fn of fns) (fn as (...a: unknown[]) => void)(...args);
    await nextTick();
  }

  /** Calls the element's handler for `event` ("click", "input") with a minimal event object. */
  async trigger(event: string, init: Record<string, unknown> = {}): Promise<void> {
    const key = 'on' + event[0].toUpperCase() + event.slice(1);
    const handler = this.props[key];
    const ev = { type: event, target: this, preventDefault() {}, stopPropagation() {}, ...init };
    const fns = Array.isArray(handler) ? handler : handler ? [handler] : [];
    if (!fns.length) throw new Error(`<${this.tag}> has no ${event} handler`);
    for (const fn of fns) (fn as (e: unknown) => void)(ev);
    await nextTick();
  }
}

const { createApp } = createRenderer<TestNode, TestNode>({
  createElement: (tag) => new TestNode(tag),
  createText: (text) => new TestNode('#text', text),
  createComment: (text) => new TestNode('#comment', text),
  setText: (node, text) => {
    node.text = text;
  },
  setElementText: (el, text) => {
    const t = new TestNode('#text', text);
    t.parent = el;
    el.children = text ? [t] : [];
  },
  insert: (child, parent, anchor) => {
    if (child.parent) child.parent.children = child.parent.children.filter((c) => c !== child);
    child.parent = parent;
    const i = anchor ? parent.children.indexOf(anchor) : -1;
    if (i < 0) parent.children.push(child);
    else parent.children.splice(i, 0, child);
  },
  remove: (child) => {
    if (child.parent) child.parent.children = child.parent.children.filter((c) => c !== child);
    child.parent = null;
  },
  parentNode: (node) => node.parent,
  nextSibling: (node) => {
    if (!node.parent) return null;
    const sibs = node.parent.children;
    return sibs[sibs.indexOf(node) + 1] ?? null;
  },
  patchProp: (el, key, _prev, next) => {
    if (next === undefined || next === null) delete el.props[key];
    else el.props[key] = next;
    if (key === 'value') el.value = next === undefined || next === null ? '' : String(next);
  },
});

export interface Mounted {
  root: TestNode;
  /** Every emitted event as [name, ...args], in order. */
  emitted: unknown[][];
  unmount: () => void;
}

/** A stand-in for a component (el-dialog) that renders its default and footer slots in an element. */
export function slotStub(tag: string): Component {
  return defineComponent({
    name: `Stub-${tag}`,
    inheritAttrs: false,
    setup(_, { attrs, slots }) {
      return () => h(tag, attrs, [slots.default?.(), slots.footer?.()]);
    },
  });
}

export interface MountOptions {
  plugins?: Plugin[];
  /** Components registered globally, by tag (e.g. `{ 'el-dialog': slotStub('el-dialog') }`). */
  stubs?: Record<string, Component>;
}

/** Resolves once pending promises (a mocked fetch) and the re-render they cause are done. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await nextTick();
  }
}

/** Mounts `component` with `props` (with the app's i18n) and records its emits. */
export function mount(component: Component, props: Record<string, unknown> = {}, options: MountOptions = {}): Mounted {
  const emitted: unknown[][] = [];
  const listeners: Record<string, unknown> = {};
  const emitsOf = (component as { emits?: string[] | Record<string, unknown> }).emits;
  const names = Array.isArray(emitsOf) ? emitsOf : Object.keys(emitsOf ?? {});
  for (const name of names) {
    listeners['on' + name[0].toUpperCase() + name.slice(1)] = (...args: unknown[]) => emitted.push([name, ...args]);
  }
  const root = new TestNode('root');
  const app = createApp(component, { ...props, ...listeners });
  app.use(i18n);
  for (const p of options.plugins ?? []) app.use(p);
  for (const [name, c] of Object.entries(options.stubs ?? {})) app.component(name, c);
  app.config.warnHandler = () => {};
  app.mount(root);
  return { root, emitted, unmount: () => app.unmount() };
}
