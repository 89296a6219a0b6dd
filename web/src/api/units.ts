import { http, type ListResult } from '@/utils/request';

export type UnitKind = 'dev_zone' | 'park' | 'town' | 'municipal';

export interface Unit {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  sort_order: number;
  version: number;
}

export interface UnitInput {
  code: string;
  name: string;
  kind: UnitKind;
  sort_order: number;
}

export function listUnits(): Promise<ListResult<Unit>> {
  return http.get<ListResult<Unit>>('/api/units');
}

export function createUnit(body: UnitInput): Promise<Unit> {
  return http.post<Unit>('/api/units', body);
}

export function updateUnit(id: number, body: UnitInput & { version: number }): Promise<Unit> {
  return http.put<Unit>(`/api/units/${id}`, body);
}
