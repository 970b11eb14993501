/**
 * Feed dates → ISO-8601 UTC (`2024-01-02T03:04:05Z`) or null. Accepts RFC 822/1123 and their
 * common variants (missing weekday or seconds, 2-digit years, named zones, full month names,
 * ordinal days, dashes), ISO 8601 / W3C-DTF (basic and extended, partial dates, space instead of
 * `T`, comma fractions) and, last, whatever `Date.parse` understands.
 */
const MAX_DATE_CHARS = 256;

export function parseDate(input: string | undefined | null): string | null {
  if (input === undefined || input === null) return null;
  const s = input.trim();
  // No date is longer; the grammars below backtrack, so hostile lengths never reach them.
  if (s === '' || s.length > MAX_DATE_CHARS) return null;
  // Each parser returns undefined when its grammar does not match, null when it matches an
  // impossible date (31 Feb): then no looser parser gets to roll it over into March.
  let ms = parseIso(s);
  if (ms === undefined) ms = parseRfc822(s);
  if (ms === undefined) ms = parseLoose(s);
  return ms === null || ms === undefined ? null : formatIso(ms);
}

export function formatIso(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso;
}

const ISO_RE =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[Tt ]+(\d{1,2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?)?)?)?$/i;

function parseIso(s: string): number | null | undefined {
  const m = ISO_RE.exec(s);
  if (m === null) return undefined;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', sec = '0', frac, zone] = m;
  const ms = frac === undefined ? 0 : Math.round(Number('0.' + frac) * 1000);
  return build(+(y as string), +mo, +d, +h, +mi, +sec, ms, zoneOffsetMinutes(zone));
}

const RFC822_RE =
  /^(?:[A-Za-z]+\.?(?:,\s*|\s+))?(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([A-Za-z]{3,})\.?,?[\s\-/.]+(\d{2,4}),?(?:[\sT]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?)?\s*([A-Za-z]{1,5}|[+-]\d{1,2}:?\d{2}|[+-]\d{1,4})?(?:\s*\(.*\))?\s*$/;
/** "Jan 2, 2024 10:00:00 GMT" and "Tuesday, January 2 2024" (month before day). */
const MDY_RE =
  /^(?:[A-Za-z]+\.?(?:,\s*|\s+))?([A-Za-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}),?(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?\s*([A-Za-z]{1,5}|[+-]\d{1,2}:?\d{2})?\s*$/;

function parseRfc822(s: string): number | null | undefined {
  let m = RFC822_RE.exec(s);
  if (m !== null) {
    const [, d, mon, y, h = '0', mi = '0', sec = '0', zone] = m;
    const month = monthNumber(mon as string);
    if (month === 0) return null;
    return build(fullYear(y as string), month, +(d as string), +h, +mi, +sec, 0, zoneOffsetMinutes(zone));
  }
  m = MDY_RE.exec(s);
  if (m !== null) {
    const [, mon, d, y, h = '0', mi = '0', sec = '0', ampm, zone] = m;
    const month = monthNumber(mon as string);
    if (month === 0) return null;
    let hour = +h;
    if (ampm !== undefined) hour = (hour % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
    return build(+(y as string), month, +(d as string), hour, +mi, +sec, 0, zoneOffsetMinutes(zone));
  }
  return undefined;
}

function parseLoose(s: string): number | null {
  // "2024/01/02 10:00:00" and similar slash forms, then the engine's own parser.
  const slash =
    /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      s,
    );
  if (slash !== null) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0', zone] = slash;
    return build(+(y as string), +(mo as string), +(d as string), +h, +mi, +sec, 0, zoneOffsetMinutes(zone));
  }
  const t = Date.parse(s);
  if (!Number.isFinite(t)) return null;
  const year = new Date(t).getUTCFullYear();
  return year >= 1000 && year <= 9999 ? t : null;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number | null,
) {
  if (offset === null) return null;
  if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  if (h > 24 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - offset * 60_000;
  return Number.isFinite(t) ? t : null;
}

function daysIn(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function fullYear(y: string): number {
  const n = +y;
  if (y.length > 2) return n;
  return n < 50 ? 2000 + n : 1900 + n;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  // A few non-English abbreviations seen in real feeds (German, French, Spanish, Dutch, Italian).
  mär: 3,
  mrz: 3,
  mai: 5,
  okt: 10,
  dez: 12,
  janv: 1,
  févr: 2,
  fevr: 2,
  avr: 4,
  juil: 7,
  déc: 12,
  ene: 1,
  abr: 4,
  ago: 8,
  dic: 12,
  mei: 5,
  maa: 3,
  gen: 1,
  giu: 6,
  lug: 7,
  set: 9,
  ott: 10,
};

function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  return MONTHS[lower] ?? MONTHS[lower.slice(0, 4)] ?? MONTHS[lower.slice(0, 3)] ?? 0;
}

/** Named zones seen in feeds (RFC 822 names plus common regional ones), in minutes east of UTC. */
const ZONES: Record<string, number> = {
  Z: 0,
  UT: 0,
  UTC: 0,
  GMT: 0,
  WET: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  AST: -240,
  ADT: -180,
  NST: -210,
  NDT: -150,
  BST: 60,
  IST: 330,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  WEST: 60,
  EET: 120,
  EEST: 180,
  MSK: 180,
  JST: 540,
  KST: 540,
  HKT: 480,
  SGT: 480,
  AWST: 480,
  ACST: 570,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

/** Minutes east of UTC; undefined (no zone) is UTC; null when the zone is unknown garbage. */
function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === '') return 0;
  const c = zone.charCodeAt(0);
  if (c === 43 || c === 45) {
    const digits = zone.slice(1).replace(':', '');
    let h: number;
    let m: number;
    if (digits.length <= 2) {
      h = +digits;
      m = 0;
    } else {
      h = +digits.slice(0, digits.length - 2);
      m = +digits.slice(-2);
    }
    if (h > 14 || m > 59) return null;
    return (c === 45 ? -1 : 1) * (h * 60 + m);
  }
  const named = ZONES[zone.toUpperCase()];
  // Unknown single-letter military zones and the like: treat as UTC rather than losing the date.
  return named ?? 0;
}
