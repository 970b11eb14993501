import { hash } from 'node:crypto';

/** One-shot hashing: a fraction of createHash().update().digest()'s cost for small inputs. */
export function sha256Hex(s: string): string {
  return hash('sha256', s, 'hex');
}

/** The contract's contentHash: over the normalized title, content and link (changes ⇒ new event). */
export function contentHash(title: string, content: string, link: string): string {
  return sha256Hex(title + '\u0000' + content + '\u0000' + link);
}
