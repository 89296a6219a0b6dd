// Reference data, loaded once per session and shared: units, chains, industries, regions and the
// lifecycle rules. The lifecycle rules are the only source of which nodes apply and what gates need.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as metaApi from '@/api/meta';
import * as unitsApi from '@/api/units';
import * as statsApi from '@/api/stats';
import type { Indicator, IndicatorCatalogue } from '@/api/stats';
import type { Chain, Industry, Lifecycle, LifecycleRule, Region } from '@/api/meta';
import type { Unit } from '@/api/units';
import { buildIndustryTree, type IndustryTreeNode } from '@/utils/tree';

export const useMetaStore = defineStore('meta', () => {
  const units = ref<Unit[]>([]);
  const chains = ref<Chain[]>([]);
  const industries = ref<Industry[]>([]);
  const regions = ref<Region[]>([]);
  const lifecycle = ref<Lifecycle | null>(null);
  /** The indicator catalogue with its settings, per year (GET /api/stats/indicators). */
  const catalogues = ref<Record<number, IndicatorCatalogue>>({});

  const pending = new Map<string, Promise<void>>();
  function once(key: string, load: () => Promise<void>, force = false): Promise<void> {
    if (!force && pending.has(key)) return pending.get(key)!;
    const p = load().catch((e) => {
      pending.delete(key);
      throw e;
    });
    pending.set(key, p);
    return p;
  }

  const loadUnits = (force = false) =>
    once('units', async () => {
      units.value = (await unitsApi.listUnits()).items;
    }, force);
  const loadChains = (force = false) =>
    once('chains', async () => {
      chains.value = (await metaApi.listChains()).items;
    }, force);
  const loadIndustries = () =>
    once('industries', async () => {
      industries.value = (await metaApi.listIndustries()).items;
    });
  const loadRegions = () =>
    once('regions', async () => {
      regions.value = (await metaApi.listRegions()).items;
    });
  const loadLifecycle = (force = false) =>
    once('lifecycle', async () => {
      lifecycle.value = await metaApi.getLifecycle();
    }, force);

  const loadIndicators = (year: number, force = false) =>
    once(`indicators:${year}`, async () => {
      catalogues.value = { ...catalogues.value, [year]: await statsApi.getIndicators(year) };
    }, force);

  /** An indicator's name in the UI language (the server's name_zh / name_en; the key if unknown). */
  function indicatorName(ind: Indicator | undefined | null, zh: boolean, fallback = ''): string {
    if (!ind) return fallback || '—';
    return (zh ? ind.name_zh : ind.name_en) || ind.name_zh || ind.key;
  }

  const industryTree = computed<IndustryTreeNode[]>(() => buildIndustryTree(industries.value));
  const industryByCode = computed(() => new Map(industries.value.map((i) => [i.code, i])));
  const provinces = computed(() => regions.value.filter((r) => !r.parent));
  function citiesOf(province: string | null | undefined): Region[] {
    return province ? regions.value.filter((r) => r.parent === province) : [];
  }

  /** Node keys in lifecycle order. */
  const nodeKeys = computed(() =>
    [...(lifecycle.value?.nodes ?? [])].sort((a, b) => a.order - b.order).map((n) => n.key),
  );
  const categories = computed(() => lifecycle.value?.categories ?? []);
  const evidenceKinds = computed(() => lifecycle.value?.evidence_kinds ?? []);

  function rule(category: string, node: string): LifecycleRule | undefined {
    return lifecycle.value?.rules.find((r) => r.category === category && r.node === node);
  }

  function evidenceName(key: string, zh: boolean): string {
    const k = evidenceKinds.value.find((e) => e.key === key);
    if (!k) return key;
    return (zh ? k.name_zh : k.name_en) || k.name_zh || key;
  }

  function reset() {
    pending.clear();
    units.value = [];
    chains.value = [];
    industries.value = [];
    regions.value = [];
    lifecycle.value = null;
    catalogues.value = {};
  }

  return {
    units,
    chains,
    industries,
    regions,
    lifecycle,
    catalogues,
    loadIndicators,
    indicatorName,
    loadUnits,
    loadChains,
    loadIndustries,
    loadRegions,
    loadLifecycle,
    industryTree,
    industryByCode,
    provinces,
    citiesOf,
    nodeKeys,
    categories,
    evidenceKinds,
    rule,
    evidenceName,
    reset,
  };
});
