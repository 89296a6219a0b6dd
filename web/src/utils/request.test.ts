import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, buildQuery, onUnauthorized, parseError, request } from './request';

describe('parseError', () => {
  it('parses the error shape with a field', () => {
    const e = parseError(422, JSON.stringify({ error: { code: 'unprocessable', message: '统一社会信用代码校验位错误', field: 'uscc' } }));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(422);
    expect(e.code).toBe('unprocessable');
    expect(e.field).toBe('uscc');
    expect(e.message).toBe('统一社会信用代码校验位错误');
    expect(e.details).toEqual([]);
  });

  it('parses gate details', () => {
    const body = {
      error: {
        code: 'unprocessable',
        message: '不满足签约条件',
        details: [
          { kind: 'field', name: 'total_investment', message: '缺少总投资' },
          { kind: 'evidence', name: 'contract', message: '缺少签约合同' },
          { kind: 'order', name: 'negotiating', message: '须先在谈' },
        ],
      },
    };
    const e = parseError(422, JSON.stringify(body));
    expect(e.field).toBeUndefined();
    expect(e.details.map((d) => `${d.kind}:${d.name}`)).toEqual(['field:total_investment', 'evidence:contract', 'order:negotiating']);
  });

  it('keeps the current object of a version conflict', () => {
    const e = parseError(409, JSON.stringify({ error: { code: 'conflict', message: '版本冲突' }, current: { id: 3, version: 7 } }));
    expect(e.code).toBe('conflict');
    expect(e.current).toEqual({ id: 3, version: 7 });
  });

  it('falls back to the status when the body is not the error shape', () => {
    const e = parseError(429, '<html>busy</html>');
    expect(e.code).toBe('too_many_requests');
    expect(e.message).toBe('HTTP 429');
    expect(parseError(502, '').code).toBe('internal');
    expect(parseError(404, '{"error":"x"}').code).toBe('not_found');
  });

  it('ignores malformed detail entries', () => {
    const e = parseError(422, JSON.stringify({ error: { code: 'unprocessable', message: 'x', details: [null, 5, { kind: 'field', name: 'a' }] } }));
    expect(e.details).toEqual([{ kind: 'field', name: 'a', message: '' }]);
  });
});

describe('buildQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(buildQuery({ q: '工业 园', page: 1, unit_id: null, stage: '', is_key: false, x: undefined })).toBe(
      '?q=%E5%B7%A5%E4%B8%9A+%E5%9B%AD&page=1&is_key=false',
    );
    expect(buildQuery({})).toBe('');
  });
});

describe('request', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    onUnauthorized(() => undefined);
  });

  it('sends the anti-CSRF header, same-origin credentials and JSON', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ id: 1 }), { status: 201 }));
    vi.stubGlobal('fetch', fetchMock);
    const res = await request<{ id: number }>('POST', '/api/units', { json: { name: 'a' } });
    expect(res).toEqual({ id: 1 });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/units');
    expect(init.credentials).toBe('same-origin');
    const headers = init.headers as Record<string, string>;
    expect(headers['X-Requested-With']).toBe('XMLHttpRequest');
    expect(headers['Content-Type']).toBe('application/json');
    expect(init.body).toBe('{"name":"a"}');
  });

  it('answers undefined for 204', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
    await expect(request('DELETE', '/api/x')).resolves.toBeUndefined();
  });

  it('throws ApiError and calls the 401 handler unless told not to', async () => {
    const body = JSON.stringify({ error: { code: 'unauthorized', message: '请先登录' } });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { status: 401 })));
    const handler = vi.fn();
    onUnauthorized(handler);
    await expect(request('GET', '/api/projects')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(request('POST', '/api/auth/login', { json: {}, noAuthRedirect: true })).rejects.toBeInstanceOf(ApiError);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('sends a raw body with its content type', async () => {
    const fetchMock = vi.fn(async () => new Response('{"id":9}', { status: 201 }));
    vi.stubGlobal('fetch', fetchMock);
    const blob = new Blob(['%PDF-1.4'], { type: 'application/pdf' });
    await request('POST', '/api/projects/1/files', { query: { node: 'signed', kind: 'contract', name: '合同.pdf' }, raw: blob, contentType: 'application/pdf' });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/projects/1/files?node=signed&kind=contract&name=%E5%90%88%E5%90%8C.pdf');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/pdf');
    expect(init.body).toBe(blob);
  });

  it('turns a network failure into ApiError code network', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await expect(request('GET', '/api/x')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});
