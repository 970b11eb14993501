import type { NormalizedAuthor } from '../model.ts';
import { cleanText } from './text.ts';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/**
 * RSS `<author>` / `<managingEditor>` / dc:creator hold "email (Name)", "Name (email)",
 * "Name <email>", a bare email or a bare name; split them the way feedparser does: take the
 * email out, the rest (without its brackets) is the name.
 */
export function parsePersonText(raw: string): NormalizedAuthor {
  const s = cleanText(raw);
  const email = EMAIL.exec(s)?.[0] ?? '';
  if (email === '') return author(s, '');
  const name = s
    .replace(email, '')
    .replace(/mailto:/i, '')
    .replace(/\(\s*\)|<\s*>|\[\s*\]/g, '')
    .replace(/^[\s(<[]+|[\s)>\]]+$/g, '');
  return author(name, email);
}

export function author(name: string, email: string, uri = ''): NormalizedAuthor {
  return { name: cleanText(name), email: cleanText(email).replace(/^mailto:/i, ''), uri: uri.trim() };
}

/** Drops empty and duplicate authors (dc:creator often repeats <author>). */
export function uniqueAuthors(list: NormalizedAuthor[]): NormalizedAuthor[] {
  const out: NormalizedAuthor[] = [];
  for (const a of list) {
    if (a.name === '' && a.email === '' && a.uri === '') continue;
    const dup = out.find(
      (b) => (a.name !== '' && b.name === a.name) || (a.name === '' && a.email !== '' && b.email === a.email),
    );
    if (dup !== undefined) {
      if (dup.email === '') dup.email = a.email;
      if (dup.uri === '') dup.uri = a.uri;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** Trimmed, whitespace-collapsed, non-empty, de-duplicated (first occurrence wins). */
export function uniqueStrings(list: string[]): string[] {
  const out: string[] = [];
  for (const raw of list) {
    const s = cleanText(raw);
    if (s !== '' && !out.includes(s)) out.push(s);
  }
  return out;
}
