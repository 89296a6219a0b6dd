import { http, type ListResult } from '@/utils/request';

export type ProblemCategory = 'land_quota' | 'funding' | 'approval' | 'environment' | 'energy' | 'other';
export type ProblemStatus = 'open' | 'resolved';

export const PROBLEM_CATEGORIES: ProblemCategory[] = [
  'land_quota',
  'funding',
  'approval',
  'environment',
  'energy',
  'other',
];

export interface ProblemInput {
  category: ProblemCategory;
  description: string;
  department: string;
  deadline: string | null;
  status: ProblemStatus;
  resolution: string;
}

export interface Problem extends ProblemInput {
  id: number;
  project_id: number;
  overdue: boolean;
  version: number;
  created_at: string;
}

export function listProblems(projectId: number): Promise<ListResult<Problem>> {
  return http.get<ListResult<Problem>>(`/api/projects/${projectId}/problems`);
}

export function createProblem(projectId: number, body: ProblemInput): Promise<Problem> {
  return http.post<Problem>(`/api/projects/${projectId}/problems`, body);
}

export function updateProblem(projectId: number, id: number, body: ProblemInput & { version: number }): Promise<Problem> {
  return http.put<Problem>(`/api/projects/${projectId}/problems/${id}`, body);
}

export function deleteProblem(projectId: number, id: number): Promise<void> {
  return http.delete(`/api/projects/${projectId}/problems/${id}`);
}
