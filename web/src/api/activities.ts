// 招商活动 (docs/api.md "Activities"): trips out (外出招商), visits received or paid (接待/拜访客商)
// and exhibitions / promotion events (展会/推介), each of one unit; projects may name the activity
// they came from (`activity_id`).
import { http, type ListResult } from '@/utils/request';

export type ActivityKind = 'trip' | 'visit' | 'exhibition';
export const ACTIVITY_KINDS: readonly ActivityKind[] = ['trip', 'visit', 'exhibition'];

/** The fields a client sends on create and update (everything editable; other kinds' fields empty or 0). */
export interface ActivityInput {
  unit_id: number;
  kind: ActivityKind;
  /** YYYY-MM-DD, not in the future. */
  date: string;
  /** YYYY-MM-DD or null; ≥ date and at most 60 days after it. */
  end_date: string | null;
  title: string;
  leader: string;
  destination: string;
  place: string;
  company: string;
  companies: string;
  persons: number;
  brochures: number;
  enterprises_visited: number;
  key_talks: number;
  contacts: number;
  follow_ups: number;
  outcome: string;
}

export interface Activity extends ActivityInput {
  id: number;
  unit_name: string;
  /** Projects created from this activity. */
  lead_count: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ActivityLead {
  id: number;
  name: string;
}

/** GET /api/activities/{id}: the activity with the projects (leads) created from it. */
export interface ActivityDetail extends Activity {
  leads: ActivityLead[];
}

export interface ActivityQuery {
  page?: number;
  page_size?: number;
  kind?: ActivityKind | '';
  unit_id?: number | null;
  /** Date range of `date`, inclusive. */
  from?: string | null;
  to?: string | null;
  q?: string;
  /** `date`, `id`, `unit`, ± prefix; the server's default is `-date`. */
  sort?: string;
}

export function listActivities(query: ActivityQuery): Promise<ListResult<Activity>> {
  return http.get<ListResult<Activity>>('/api/activities', { ...query });
}

export function getActivity(id: number): Promise<ActivityDetail> {
  return http.get<ActivityDetail>(`/api/activities/${id}`);
}

export function createActivity(body: ActivityInput): Promise<Activity> {
  return http.post<Activity>('/api/activities', body);
}

export function updateActivity(id: number, body: ActivityInput & { version: number }): Promise<Activity> {
  return http.put<Activity>(`/api/activities/${id}`, body);
}

export function deleteActivity(id: number): Promise<void> {
  return http.delete(`/api/activities/${id}`);
}
