import { http, type ListResult } from '@/utils/request';

export type InvestorTag =
  | 'central_soe'
  | 'state_owned'
  | 'private'
  | 'foreign'
  | 'listed'
  | 'fortune500'
  | 'industry_leader';

export const INVESTOR_TAGS: InvestorTag[] = [
  'central_soe',
  'state_owned',
  'private',
  'foreign',
  'listed',
  'fortune500',
  'industry_leader',
];

export interface Investor {
  id: number;
  name: string;
  uscc: string;
  province_code: string | null;
  province_name: string | null;
  city_code: string | null;
  city_name: string | null;
  tags: InvestorTag[];
  out_of_province: boolean | null;
  created_by_unit_id: number | null;
  version: number;
  warnings: string[];
}

export interface InvestorInput {
  name: string;
  uscc: string;
  province_code: string | null;
  city_code: string | null;
  tags: InvestorTag[];
}

export interface InvestorQuery {
  page?: number;
  page_size?: number;
  q?: string;
  tag?: InvestorTag | '';
  out_of_province?: boolean | '';
  sort?: string;
}

export function listInvestors(query: InvestorQuery): Promise<ListResult<Investor>> {
  return http.get<ListResult<Investor>>('/api/investors', { ...query });
}

export function getInvestor(id: number): Promise<Investor> {
  return http.get<Investor>(`/api/investors/${id}`);
}

export function createInvestor(body: InvestorInput): Promise<Investor> {
  return http.post<Investor>('/api/investors', body);
}

export function updateInvestor(id: number, body: InvestorInput & { version: number }): Promise<Investor> {
  return http.put<Investor>(`/api/investors/${id}`, body);
}

export function deleteInvestor(id: number): Promise<void> {
  return http.delete(`/api/investors/${id}`);
}
