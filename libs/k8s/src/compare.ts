/**
 * Does the observed object already carry every field we would apply? The apiserver adds defaults
 * (dnsPolicy, terminationMessagePath, ...) and other managers add fields, so equality is too strict:
 * every desired field must be present and equal, and arrays must match element by element
 * (same length — an element we stopped asking for is a difference). Pure.
 */
export function containsDesired(observed: unknown, desired: unknown): boolean {
  if (desired === undefined) return true;
  if (desired === null || typeof desired !== 'object') return observed === desired;
  if (Array.isArray(desired)) {
    if (!Array.isArray(observed) || observed.length !== desired.length) return false;
    return desired.every((d, i) => containsDesired(observed[i], d));
  }
  if (observed === null || typeof observed !== 'object' || Array.isArray(observed)) return false;
  const o = observed as Record<string, unknown>;
  for (const [k, v] of Object.entries(desired as Record<string, unknown>)) {
    if (!containsDesired(o[k], v)) return false;
  }
  return true;
}
