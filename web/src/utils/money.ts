// Money is integer yuan on the wire; people read and type 万元. Conversion is exact string
// arithmetic (1 万元 = 10^4 元), never floating point.

/** Largest amount the server takes: 10^15 yuan. */
export const MAX_YUAN = 1_000_000_000_000_000;

export type MoneyErrorReason = 'empty' | 'format' | 'negative' | 'decimals' | 'too_large';

export class MoneyError extends Error {
  readonly reason: MoneyErrorReason;
  constructor(reason: MoneyErrorReason) {
    super(`money: ${reason}`);
    this.name = 'MoneyError';
    this.reason = reason;
  }
}

function digitsOf(yuan: number | string | bigint): { negative: boolean; digits: string } {
  const s = typeof yuan === 'number' ? (Number.isSafeInteger(yuan) ? String(yuan) : '') : String(yuan).trim();
  const m = /^(-?)(\d+)$/.exec(s);
  if (!m) throw new MoneyError('format');
  const digits = m[2].replace(/^0+(?=\d)/, '');
  return { negative: m[1] === '-' && digits !== '0', digits };
}

/** Adds one to a string of decimal digits. */
function incrementDigits(d: string): string {
  const a = d.split('');
  let i = a.length - 1;
  while (i >= 0) {
    if (a[i] === '9') {
      a[i] = '0';
      i--;
    } else {
      a[i] = String(Number(a[i]) + 1);
      return a.join('');
    }
  }
  return '1' + a.join('');
}

/**
 * Integer yuan → 万元 with exactly `decimals` (default 2) decimals, rounded half away from zero
 * (四舍五入): 123456789 → "12345.68", 5000 → "0.50".
 */
export function yuanToWan(yuan: number | string | bigint, decimals = 2): string {
  const { negative, digits } = digitsOf(yuan);
  const padded = digits.padStart(5, '0');
  const intPart = padded.slice(0, -4);
  const frac4 = padded.slice(-4); // four decimals of 万元
  let result: string;
  if (decimals >= 4) {
    result = intPart + '.' + frac4 + '0'.repeat(decimals - 4);
  } else {
    let kept = intPart + frac4.slice(0, decimals);
    if (Number(frac4[decimals]) >= 5) kept = incrementDigits(kept);
    const whole = kept.length > decimals ? kept.slice(0, kept.length - decimals) : '0';
    const frac = kept.slice(kept.length - decimals).padStart(decimals, '0');
    result = decimals > 0 ? `${whole.replace(/^0+(?=\d)/, '')}.${frac}` : whole.replace(/^0+(?=\d)/, '');
  }
  return negative ? '-' + result : result;
}

/** Integer yuan → 万元 exactly, trailing zeros dropped (for editing): 123456789 → "12345.6789", 10000 → "1". */
export function yuanToWanExact(yuan: number | string | bigint): string {
  return yuanToWan(yuan, 4).replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * 万元 text typed by a person → integer yuan. Takes up to 4 decimals ("0.0001" → 1,
 * "12345.6789" → 123456789); refuses more decimals, signs, exponents, separators and amounts over
 * 10^15 yuan, throwing a MoneyError that names why.
 */
export function wanToYuan(text: string): number {
  const s = (text ?? '').trim();
  if (s === '') throw new MoneyError('empty');
  if (/^-/.test(s)) throw new MoneyError('negative');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new MoneyError('format');
  const frac = m[2] ?? '';
  if (frac.length > 4) throw new MoneyError('decimals');
  const digits = (m[1] + frac.padEnd(4, '0')).replace(/^0+(?=\d)/, '');
  const max = String(MAX_YUAN);
  if (digits.length > max.length || (digits.length === max.length && digits > max)) {
    throw new MoneyError('too_large');
  }
  return Number(digits);
}

/** wanToYuan as a result value, for form validation. */
export function tryWanToYuan(text: string): { ok: true; yuan: number } | { ok: false; reason: MoneyErrorReason } {
  try {
    return { ok: true, yuan: wanToYuan(text) };
  } catch (e) {
    if (e instanceof MoneyError) return { ok: false, reason: e.reason };
    throw e;
  }
}

/** "1234567.89" → "1,234,567.89" (display only). */
export function groupThousands(s: string): string {
  const [i, f] = s.split('.');
  const neg = i.startsWith('-');
  const body = (neg ? i.slice(1) : i).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + body + (f !== undefined ? '.' + f : '');
}

/** Table display of a yuan amount in 万元 with 2 decimals and thousands separators; "—" for null. */
export function formatWan(yuan: number | null | undefined): string {
  if (yuan === null || yuan === undefined) return '—';
  return groupThousands(yuanToWan(yuan, 2));
}

/**
 * Integer yuan → 亿元 with exactly `decimals` (0..8, default 2) decimals, rounded half away from
 * zero, exactly (string arithmetic): 1025000000 → "10.25", 149999999 → "1.50".
 */
export function yuanToYi(yuan: number | string | bigint, decimals = 2): string {
  const { negative, digits } = digitsOf(yuan);
  const d = Math.max(0, Math.min(8, Math.trunc(decimals)));
  const padded = digits.padStart(9, '0');
  const intPart = padded.slice(0, -8);
  const frac8 = padded.slice(-8);
  let kept = intPart + frac8.slice(0, d);
  if (d < 8 && Number(frac8[d]) >= 5) kept = incrementDigits(kept);
  const whole = (kept.length > d ? kept.slice(0, kept.length - d) : '0').replace(/^0+(?=\d)/, '');
  const frac = kept.slice(kept.length - d).padStart(d, '0');
  const result = d > 0 ? `${whole}.${frac}` : whole;
  return negative && /[1-9]/.test(result) ? '-' + result : result;
}
