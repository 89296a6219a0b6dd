// 统一社会信用代码 (GB 32100-2015) for test fixtures: the check digit, and a generator of valid
// codes whose inner organisation code (GB 11714) is also valid, so the server adds no warning.

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The 18th character for the first 17 characters of a USCC. */
export function usccCheckChar(first17) {
  if (first17.length !== 17) throw new Error(`need 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]);
    if (v < 0) throw new Error(`invalid USCC character ${first17[i]}`);
    sum += v * WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return USCC_ALPHABET[c === 31 ? 0 : c];
}

export function isValidUscc(code) {
  if (typeof code !== 'string' || code.length !== 18) return false;
  if ([...code].some((ch) => !USCC_ALPHABET.includes(ch))) return false;
  return usccCheckChar(code.slice(0, 17)) === code[17];
}

// GB 11714 organisation code check character for its first 8 characters (digits only here).
function orgCheckChar(body8) {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8[i];
    const v = /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55; // A=10 … Z=35
    sum += v * w[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

let counter = 0;
/**
 * A fresh valid USCC: registration authority 9 (工商), type 1 (企业), the given 6-digit region
 * code, a digits-only organisation code derived from a per-process counter and the process id.
 */
export function makeUscc(region = '340100') {
  counter += 1;
  const n = (process.pid * 1000 + counter) % 1e8;
  const body8 = String(n).padStart(8, '0');
  const first17 = `91${region}${body8}${orgCheckChar(body8)}`;
  return first17 + usccCheckChar(first17);
}

/** A USCC with a wrong check digit (the last character changed). */
export function makeBadUscc(region = '340100') {
  const good = makeUscc(region);
  const last = good[17];
  const other = USCC_ALPHABET[(USCC_ALPHABET.indexOf(last) + 1) % 31];
  return good.slice(0, 17) + other;
}
