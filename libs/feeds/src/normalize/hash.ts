import { createHash } from 'node:crypto';

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** The contract's contentHash: over the normalized title, content and link (changes ⇒ new event). */
export function contentHash(title: string, content: string, link: string): string {
  return sha256Hex(title + '\u0000' + content + '\u0000' + link);
}
