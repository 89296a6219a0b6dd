// Annual targets (年度目标任务) per indicator × unit; unit_id 0 is the city (docs/api.md "Targets").
import { http } from '@/utils/request';

/** The scope id of the city-level target. */
export const CITY_UNIT_ID = 0;

export interface Target {
  indicator: string;
  unit_id: number;
  /** Yuan or a count, per the indicator's `unit`. */
  value: number;
  version: number;
}

export interface TargetsYear {
  year: number;
  items: Target[];
  total: number;
}

export interface TargetInput {
  indicator: string;
  unit_id: number;
  /** null deletes the target. */
  value: number | null;
  /** The version read; 0 for a target that does not exist yet. */
  version: number;
}

export function getTargets(year: number): Promise<TargetsYear> {
  return http.get<TargetsYear>('/api/targets', { year });
}

export function saveTargets(year: number, items: TargetInput[]): Promise<TargetsYear> {
  return http.put<TargetsYear>('/api/targets', { year, items });
}
