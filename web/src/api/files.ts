import { http, request, type ListResult } from '@/utils/request';

export interface EvidenceFile {
  id: number;
  project_id: number;
  node: string;
  kind: string;
  name: string;
  content_type: string;
  size: number;
  uploaded_by: number | string | null;
  uploaded_at: string;
}

/** The content types the server takes, by file extension (for files the browser gives no type). */
export const UPLOAD_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function contentTypeOf(file: { name: string; type: string }): string {
  if (file.type && Object.values(UPLOAD_TYPES).includes(file.type)) return file.type;
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return UPLOAD_TYPES[ext] ?? file.type ?? 'application/octet-stream';
}

export function listFiles(projectId: number): Promise<ListResult<EvidenceFile>> {
  return http.get<ListResult<EvidenceFile>>(`/api/projects/${projectId}/files`);
}

/** Sends the raw file as the body, its label and node/kind in the query. */
export function uploadFile(projectId: number, node: string, kind: string, file: File): Promise<EvidenceFile> {
  return request<EvidenceFile>('POST', `/api/projects/${projectId}/files`, {
    query: { node, kind, name: file.name },
    raw: file,
    contentType: contentTypeOf(file),
  });
}

export function fileUrl(projectId: number, fileId: number): string {
  return `/api/projects/${projectId}/files/${fileId}`;
}

export function deleteFile(projectId: number, fileId: number): Promise<void> {
  return http.delete(`/api/projects/${projectId}/files/${fileId}`);
}
