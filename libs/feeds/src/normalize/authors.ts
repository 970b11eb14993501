import type { NormalizedAuthor } from '../model.ts';
import { cleanText } from './text.ts';

/**
 * RSS `<author>` / `<managingEditor>` / dc:creator hold "email (Name)", "Name (email)",
 * "Name <email>", a bare email or a bare name; split them the way feedparser does: take the
 * email out, the rest (without its brackets) is the name. Every step is a single scan: these
 * fields are attacker-written and a backtracking regex here was quadratic.
 */
export function parsePersonText(raw: string): NormalizedAuthor {
  const s = cleanText(raw);
  const at = findEmail(s);
  if (at === null) return author(s, '');
  const email = s.slice(at[0], at[1]);
  const rest = (s.slice(0, at[0]) + s.slice(at[1])).replace(/mailto:/i, '').replace(EMPTY_BRACKETS, '');
  return author(trimBrackets(rest), email);
}

const EMPTY_BRACKETS = /\(\s*\)|<\s*>|\[\s*\]/g;

const isWord = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isLocal = (c: number) => isWord(c) || c === 46 || c === 43 || c === 45; // . + -
const isLabel = (c: number) => isWord(c) || c === 45;

/**
 * [start, end) of the first `local@label.label…` in `s` (what /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/
 * matches), or null. Each character is looked at a bounded number of times: the local part of
 * one '@' ends at the previous '@', and a failed domain is never re-read from a later start.
 */
export function findEmail(s: string): [number, number] | null {
  let at = s.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && isLocal(s.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < s.length && isLabel(s.charCodeAt(end))) end++;
    let labels = end > at + 1 ? 1 : 0;
    while (labels > 0 && s.charCodeAt(end) === 46 && isLabel(s.charCodeAt(end + 1))) {
      end += 2;
      while (end < s.length && isLabel(s.charCodeAt(end))) end++;
      labels++;
    }
    if (start < at && labels >= 2) return [start, end];
    at = s.indexOf('@', at + 1);
  }
  return null;
}

const isOpen = (c: number) => c === 32 || c === 40 || c === 60 || c === 91; // space ( < [
const isClose = (c: number) => c === 32 || c === 41 || c === 62 || c === 93; // space ) > ]

function trimBrackets(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isOpen(s.charCodeAt(a))) a++;
  while (b > a && isClose(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

export function author(name: string, email: string, uri = ''): NormalizedAuthor {
  return { name: cleanText(name), email: cleanText(email).replace(/^mailto:/i, ''), uri: uri.trim() };
}

/**
 * Drops empty and duplicate authors (dc:creator often repeats <author>): one with the same name,
 * or nameless with the same email, merges into the first. Keyed maps keep it linear.
 */
export function uniqueAuthors(list: NormalizedAuthor[]): NormalizedAuthor[] {
  const out: NormalizedAuthor[] = [];
  const byName = new Map<string, number>();
  /** Email → index of the first author in `out` carrying it (merges can give an earlier one). */
  const byEmail = new Map<string, number>();
  const noteEmail = (email: string, index: number) => {
    const seen = byEmail.get(email);
    if (email !== '' && (seen === undefined || seen > index)) byEmail.set(email, index);
  };
  for (const a of list) {
    if (a.name === '' && a.email === '' && a.uri === '') continue;
    const at = a.name !== '' ? byName.get(a.name) : a.email !== '' ? byEmail.get(a.email) : undefined;
    if (at !== undefined) {
      const dup = out[at] as NormalizedAuthor;
      if (dup.email === '') {
        dup.email = a.email;
        noteEmail(a.email, at);
      }
      if (dup.uri === '') dup.uri = a.uri;
      continue;
    }
    out.push(a);
    if (a.name !== '' && !byName.has(a.name)) byName.set(a.name, out.length - 1);
    noteEmail(a.email, out.length - 1);
  }
  return out;
}

/** Up to this many entries a linear search beats building a Set (most items have 1–3). */
const SMALL = 8;

/** Trimmed, whitespace-collapsed, non-empty, de-duplicated (first occurrence wins). */
export function uniqueStrings(list: string[]): string[] {
  if (list.length <= SMALL) {
    const out: string[] = [];
    for (const raw of list) {
      const s = cleanText(raw);
      if (s !== '' && !out.includes(s)) out.push(s);
    }
    return out;
  }
  const seen = new Set<string>();
  for (const raw of list) {
    const s = cleanText(raw);
    if (s !== '') seen.add(s);
  }
  return [...seen];
}
