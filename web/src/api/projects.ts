import { http, type ListResult, type Query } from '@/utils/request';

export type ProjectCategory = 'industry' | 'service' | 'agriculture' | 'other' | string;
export type ProjectStatus = 'normal' | 'delayed' | 'stalled' | 'terminated' | 'completed';
/** 入省库 status: 未上报 → 待审核 (reported) → 已认定 (confirmed) or 未通过 (rejected). */
export type ProvDbStatus = 'none' | 'pending' | 'confirmed' | 'rejected';
export const PROV_DB_STATUSES: readonly ProvDbStatus[] = ['none', 'pending', 'confirmed', 'rejected'];
/** 入规方式: 小升规 or 新投产入规 (the 入规 date is the above_scale node's). */
export type AboveScaleRoute = 'upgrade' | 'new_production';
export const ABOVE_SCALE_ROUTES: readonly AboveScaleRoute[] = ['upgrade', 'new_production'];

/** The fields a client may send on create and update (docs/api.md "Editable project fields"). */
export interface ProjectInput {
  code?: string;
  name: string;
  investor_id: number | null;
  unit_id: number;
  chain_id: number | null;
  industry_code: string | null;
  category: ProjectCategory;
  emerging_industry: string | null;
  total_investment: number | null;
  fixed_asset_investment: number | null;
  land_area_mu: number | null;
  leader_in_charge: string;
  referrer: string;
  introducing_unit: string;
  first_introducer: string;
  is_key: boolean;
  terminated: boolean;
  termination_reason: string;
  prov_db_status: ProvDbStatus;
  /** YYYY-MM-DD; required unless the status is none (the server clears it then). */
  prov_db_reported_date: string | null;
  /** YYYY-MM-DD; required exactly when confirmed, not before the reported date. */
  prov_db_confirmed_date: string | null;
  above_scale_route: AboveScaleRoute | null;
  /** 来源活动: the activity (of the project's unit) the lead came from. */
  activity_id: number | null;
}

export interface ProjectSummary extends Omit<ProjectInput, 'code'> {
  id: number;
  code: string;
  investor_name: string | null;
  unit_name: string | null;
  chain_name: string | null;
  industry_name: string | null;
  out_of_province: boolean | null;
  stage: string | null;
  status: ProjectStatus;
  signed_date: string | null;
  overdue_nodes: number;
  open_problems: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProjectNode {
  node: string;
  applies: boolean;
  planned_date: string | null;
  actual_date: string | null;
  note: string | null;
  overdue: boolean;
  /** Reached without evidence its rule requires (an import, a deleted file): the kinds missing. */
  missing_evidence?: string[];
}

export interface Project extends ProjectSummary {
  nodes: ProjectNode[];
}

export interface ProjectQuery {
  page?: number;
  page_size?: number;
  q?: string;
  unit_id?: number | null;
  chain_id?: number | null;
  industry_code?: string | null;
  category?: string;
  stage?: string;
  status?: string;
  is_key?: boolean | '';
  signed_from?: string | null;
  signed_to?: string | null;
  sort?: string;
  /** Only these projects (a drill-down from a statistic); sent as a comma-separated `ids`. */
  ids?: number[] | null;
}

/** Most ids one list call carries; the drill-down pages through longer lists itself. */
export const MAX_IDS_PER_CALL = 200;

export interface NodeInput {
  planned_date: string | null;
  actual_date: string | null;
  note: string;
  version: number;
}

export interface ScheduleInput {
  target_node: string;
  target_date: string;
  version: number;
}

export interface Audit {
  id: number;
  user_id: number | null;
  username: string | null;
  at: string;
  entity: string;
  entity_id: number | string | null;
  action: 'create' | 'update' | 'delete' | string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The query parameters of the list (and of its export): `ids` comma-separated. */
export function projectListParams(query: ProjectQuery): Query {
  const { ids, ...rest } = query;
  return { ...rest, ids: ids ? ids.join(',') : undefined };
}

export function listProjects(query: ProjectQuery): Promise<ListResult<ProjectSummary>> {
  // An empty id list means no project, not "no filter".
  if (query.ids && query.ids.length === 0) return Promise.resolve({ items: [], total: 0 });
  return http.get<ListResult<ProjectSummary>>('/api/projects', projectListParams(query));
}

export function getProject(id: number): Promise<Project> {
  return http.get<Project>(`/api/projects/${id}`);
}

export function createProject(body: ProjectInput): Promise<Project> {
  return http.post<Project>('/api/projects', body);
}

export function updateProject(id: number, body: ProjectInput & { version: number }): Promise<Project> {
  return http.put<Project>(`/api/projects/${id}`, body);
}

export function deleteProject(id: number): Promise<void> {
  return http.delete(`/api/projects/${id}`);
}

export function updateProjectNode(id: number, node: string, body: NodeInput): Promise<Project> {
  return http.put<Project>(`/api/projects/${id}/nodes/${encodeURIComponent(node)}`, body);
}

export function scheduleProject(id: number, body: ScheduleInput): Promise<Project> {
  return http.post<Project>(`/api/projects/${id}/schedule`, body);
}

export function listProjectAudit(id: number): Promise<ListResult<Audit>> {
  return http.get<ListResult<Audit>>(`/api/projects/${id}/audit`);
}
