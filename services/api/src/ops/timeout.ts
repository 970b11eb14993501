/**
 * `work`, or a rejection `no answer within <ms> ms` once `ms` have passed. `onTimeout` runs after
 * the rejection (e.g. to abort the work), so work that settles on abort cannot win the race.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`no answer within ${ms} ms`));
          onTimeout?.();
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
