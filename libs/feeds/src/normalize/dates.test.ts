import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDate } from './dates.ts';

test('RFC 822 and its variants become ISO-8601 UTC', () => {
  const cases: [string, string][] = [
    ['Tue, 10 Jun 2003 04:00:00 GMT', '2003-06-10T04:00:00Z'],
    ['Tue, 10 Jun 2003 04:00:00 EST', '2003-06-10T09:00:00Z'],
    ['10 Jun 2003 04:00 +0200', '2003-06-10T02:00:00Z'],
    ['Tue, 10 Jun 03 04:00:00 -0700', '2003-06-10T11:00:00Z'],
    ['Tuesday, 10 June 2003 04:00:00 +00:00', '2003-06-10T04:00:00Z'],
    ['Tue, 10 Jun 2003 04:00:00 +0000 (UTC)', '2003-06-10T04:00:00Z'],
    ['Tue, 10 Sept 2003 04:00:00 GMT', '2003-09-10T04:00:00Z'],
    ['10-Jun-2003 04:00:00 CEST', '2003-06-10T02:00:00Z'],
    ['Jun 10, 2003 4:05 PM', '2003-06-10T16:05:00Z'],
    ['October 2, 2002 1:00 PM', '2002-10-02T13:00:00Z'],
    ['Wednesday, October 2 2002', '2002-10-02T00:00:00Z'],
    ['Tue,10 Jun 2003 04:00:00 GMT', '2003-06-10T04:00:00Z'],
    ['Tue, 10 Jun 2003', '2003-06-10T00:00:00Z'],
  ];
  for (const [input, expected] of cases) assert.equal(parseDate(input), expected, input);
});

test('ISO 8601 / W3C-DTF forms', () => {
  const cases: [string, string][] = [
    ['2003-12-13T18:30:02Z', '2003-12-13T18:30:02Z'],
    ['2003-12-13T18:30:02.25Z', '2003-12-13T18:30:02.250Z'],
    ['2003-12-13T18:30:02+01:00', '2003-12-13T17:30:02Z'],
    ['2003-12-13T18:30-05:00', '2003-12-13T23:30:00Z'],
    ['2003-12-13 18:30:02', '2003-12-13T18:30:02Z'],
    ['20031213T183002Z', '2003-12-13T18:30:02Z'],
    ['2003-12-13', '2003-12-13T00:00:00Z'],
    ['2003-12', '2003-12-01T00:00:00Z'],
    ['2003/12/13 18:30', '2003-12-13T18:30:00Z'],
  ];
  for (const [input, expected] of cases) assert.equal(parseDate(input), expected, input);
});

test('garbage and impossible dates are null, never a wrong date', () => {
  for (const input of [
    '',
    '   ',
    'soon',
    'Tue, 31 Feb 2003 04:00:00 GMT',
    '2003-13-01',
    '2003-02-30T00:00:00Z',
    '99999-01-01',
    'Tue, 10 Foo 2003 04:00:00 GMT',
  ]) {
    assert.equal(parseDate(input), null, input);
  }
  assert.equal(parseDate(undefined), null);
  assert.equal(parseDate(null), null);
});
