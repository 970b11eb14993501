/** Postgres text cannot hold NUL; JSON allows it. Drop it rather than fail the whole batch. */
export function json(value: unknown): string {
  const s = JSON.stringify(value);
  return s.includes('\\u0000') ? s.replaceAll('\\u0000', '') : s;
}
