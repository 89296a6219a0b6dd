// Reference data any logged-in user reads: chains, industries, regions, lifecycle rules, version.
import { http, type ListResult } from '@/utils/request';

export type ChainKind = 'leading' | 'advantage';

export interface Chain {
  id: number;
  name: string;
  kind: ChainKind;
}

export interface Industry {
  code: string;
  name: string;
  level: number;
  parent: string | null;
}

export interface Region {
  code: string;
  name: string;
  parent: string | null;
}

export interface LifecycleNode {
  key: string;
  order: number;
}

export interface EvidenceKind {
  key: string;
  name_zh: string;
  name_en: string;
}

export interface LifecycleRule {
  category: string;
  node: string;
  applies: boolean;
  required_fields: string[];
  required_evidence: string[];
  after: string[];
  standard_days: number;
}

export interface Lifecycle {
  nodes: LifecycleNode[];
  categories: string[];
  fields: { key: string }[];
  evidence_kinds: EvidenceKind[];
  stalled_days: number;
  rules: LifecycleRule[];
}

export interface LifecycleRuleInput {
  applies: boolean;
  required_fields: string[];
  required_evidence: string[];
  standard_days: number;
}

export function listChains(): Promise<ListResult<Chain>> {
  return http.get<ListResult<Chain>>('/api/chains');
}

export function listIndustries(): Promise<ListResult<Industry>> {
  return http.get<ListResult<Industry>>('/api/industries');
}

export function listRegions(): Promise<ListResult<Region>> {
  return http.get<ListResult<Region>>('/api/regions');
}

export function getLifecycle(): Promise<Lifecycle> {
  return http.get<Lifecycle>('/api/meta/lifecycle');
}

export function updateLifecycleRule(category: string, node: string, body: LifecycleRuleInput): Promise<LifecycleRule> {
  return http.put<LifecycleRule>(
    `/api/meta/lifecycle/${encodeURIComponent(category)}/${encodeURIComponent(node)}`,
    body,
  );
}

export function getVersion(): Promise<{ name: string; version: string }> {
  return http.get<{ name: string; version: string }>('/api/meta/version');
}
