/**
 * An RE2-compatible regular expression for a standard 5-field cron expression (minute hour
 * day-of-month month day-of-week) with per-field value ranges, or one of the `@hourly`-style
 * macros the CronJob controller accepts. Used by the CRD's CEL rule so that a bad schedule is
 * rejected at `kubectl apply` time; the operator re-checks with croner.
 */
const MONTH_NAMES = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const DAY_NAMES = 'sun|mon|tue|wed|thu|fri|sat';

/** One cron field: `*`, values, ranges and steps, comma-separated; `value` matches one number/name. */
function field(value: string): string {
  const atom = `(\\*|(${value})(-(${value}))?)(/[0-9]{1,2})?`;
  return `${atom}(,${atom})*`;
}

const fields = [
  field('[0-5]?[0-9]'),
  field('[01]?[0-9]|2[0-3]'),
  field('0?[1-9]|[12][0-9]|3[01]|\\?'),
  field(`0?[1-9]|1[0-2]|${MONTH_NAMES}`),
  field(`[0-7]|${DAY_NAMES}|\\?`),
];

export const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Case-insensitive (CEL `matches` is RE2); one space or tab between fields. */
export const CRON_PATTERN = `(?i)^((${CRON_MACROS.join('|')})|(${fields.join(')[ \\t]+(')}))$`;
