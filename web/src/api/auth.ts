import { http, request } from '@/utils/request';

export type Role = 'admin' | 'dispatcher' | 'reporter' | 'leader' | 'reviewer';
export type Permission =
  | 'project.read'
  | 'project.write'
  | 'investor.read'
  | 'investor.write'
  | 'user.admin'
  | 'unit.admin'
  | 'rules.admin'
  | 'activity.read'
  | 'activity.write'
  | 'weekly.read'
  | 'weekly.write'
  /** Published reports (list, view, download). */
  | 'report.read'
  /** Drafts and live files (staff: every type; a reporter: its weekly report and its ledger). */
  | 'report.compose'
  | 'report.publish'
  /** Uploading spreadsheets (imports); exports follow the `*.read` ones. */
  | 'import.write';

export interface User {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  unit_id: number | null;
  unit_name: string | null;
  disabled: boolean;
  permissions: Permission[];
}

export function login(username: string, password: string): Promise<User> {
  return http.post<User>('/api/auth/login', { username, password }, { noAuthRedirect: true });
}

export function logout(): Promise<void> {
  return request<void>('POST', '/api/auth/logout', { noAuthRedirect: true });
}

export function fetchMe(): Promise<User> {
  return http.get<User>('/api/auth/me', undefined, { noAuthRedirect: true });
}

export function changePassword(old_password: string, new_password: string): Promise<void> {
  return http.post<void>('/api/auth/password', { old_password, new_password });
}
