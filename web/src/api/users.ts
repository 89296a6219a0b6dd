import { http, type ListResult } from '@/utils/request';
import type { Role, User } from './auth';

export interface AdminUser extends User {
  version: number;
}

export interface UserQuery {
  page?: number;
  page_size?: number;
  q?: string;
  role?: Role | '';
  unit_id?: number | null;
  sort?: string;
}

export interface UserCreateInput {
  username: string;
  display_name: string;
  role: Role;
  unit_id: number | null;
  password: string;
}

export interface UserUpdateInput {
  display_name: string;
  role: Role;
  unit_id: number | null;
  disabled: boolean;
  password?: string;
  version: number;
}

export function listUsers(query: UserQuery): Promise<ListResult<AdminUser>> {
  return http.get<ListResult<AdminUser>>('/api/users', { ...query });
}

export function createUser(body: UserCreateInput): Promise<AdminUser> {
  return http.post<AdminUser>('/api/users', body);
}

export function updateUser(id: number, body: UserUpdateInput): Promise<AdminUser> {
  return http.put<AdminUser>(`/api/users/${id}`, body);
}
