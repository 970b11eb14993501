// Test helper: counts the scanning work of a call structurally (characters and elements examined
// by the string, array and regex built-ins, plus charCodeAt calls) so tests can assert linear
// growth without timing anything. Only for tests: it patches built-in prototypes while metering.

type Fn = (...args: never[]) => unknown;

/** Runs `fn` and returns how many scan steps it took. */
export function meterScans(fn: () => unknown): number {
  let steps = 0;
  const restore: (() => void)[] = [];
  const patch = <T extends object>(
    proto: T,
    name: keyof T,
    cost: (self: never, args: never[], result: never) => number,
  ) => {
    const original = proto[name] as Fn;
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value: function (this: never, ...args: never[]) {
        const result = original.apply(this, args);
        steps += cost(this, args, result as never);
        return result;
      },
    });
    restore.push(() =>
      Object.defineProperty(proto, name, { configurable: true, writable: true, value: original }),
    );
  };
  const found = (self: { length: number }, [, from]: [unknown, number?], at: number) =>
    (at === -1 ? self.length : at) - Math.max(0, from ?? 0) + 1;
  patch(String.prototype, 'indexOf', found as never);
  patch(String.prototype, 'includes', ((s: string, a: [string, number?], r: boolean) =>
    r ? 1 : s.length - (a[1] ?? 0)) as never);
  patch(
    String.prototype,
    'lastIndexOf',
    ((s: string, _a: unknown, at: number) => s.length - Math.max(at, 0)) as never,
  );
  patch(String.prototype, 'charCodeAt', (() => 1) as never);
  patch(Array.prototype, 'indexOf', found as never);
  patch(
    Array.prototype,
    'lastIndexOf',
    ((a: unknown[], _x: unknown, at: number) => a.length - Math.max(at, 0)) as never,
  );
  patch(Array.prototype, 'includes', ((a: unknown[], _x: unknown, r: boolean) =>
    r ? 1 : a.length) as never);
  patch(Array.prototype, 'find', ((a: unknown[]) => a.length) as never);
  patch(Array.prototype, 'some', ((a: unknown[]) => a.length) as never);
  const exec = RegExp.prototype.exec;
  Object.defineProperty(RegExp.prototype, 'exec', {
    configurable: true,
    writable: true,
    value: function (this: RegExp, s: string) {
      const from = this.global || this.sticky ? this.lastIndex : 0;
      const m = exec.call(this, s);
      steps += (m === null ? s.length : m.index + m[0].length) - from + 1;
      return m;
    },
  });
  restore.push(() =>
    Object.defineProperty(RegExp.prototype, 'exec', { configurable: true, writable: true, value: exec }),
  );
  try {
    fn();
  } finally {
    for (const r of restore.reverse()) r();
  }
  return steps;
}
