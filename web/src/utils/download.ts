// Downloads a file the server sends as an attachment: fetched first, so a refusal shows as an error
// message instead of a broken download, then saved under the server's file name.
import { ApiError, parseError } from './request';

/** The file name of a `Content-Disposition` header (`filename*=UTF-8''…` preferred), or null. */
export function dispositionFilename(header: string | null | undefined): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header);
  if (plain) return (plain[2] ?? plain[1]).trim() || null;
  return null;
}

export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  } catch (e) {
    throw new ApiError({ status: 0, code: 'network', message: e instanceof Error ? e.message : String(e) });
  }
  if (!res.ok) throw parseError(res.status, await res.text());
  const blob = await res.blob();
  const name = dispositionFilename(res.headers.get('Content-Disposition')) ?? fallbackName;
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
