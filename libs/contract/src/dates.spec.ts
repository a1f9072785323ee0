import { expect, it } from 'vitest';
import { formatZStackDate, parseZStackDate } from './dates.js';

it('prints timestamps as ZStack does ("Jun 7, 2017 9:20:28 PM") and reads them back', () => {
  const d = new Date(2017, 5, 7, 21, 20, 28);
  expect(formatZStackDate(d)).toBe('Jun 7, 2017 9:20:28 PM');
  expect(formatZStackDate(new Date(2017, 0, 1, 0, 5, 9))).toBe('Jan 1, 2017 12:05:09 AM');
  expect(formatZStackDate(new Date(2017, 0, 1, 12, 0, 0))).toBe('Jan 1, 2017 12:00:00 PM');
  expect(parseZStackDate('Jun 7, 2017 9:20:28 PM')?.getTime()).toBe(d.getTime());
  expect(parseZStackDate('Jan 1, 2017 12:05:09 AM')?.getHours()).toBe(0);
  expect(parseZStackDate('2017-06-07T21:20:28')?.getTime()).toBe(d.getTime());
  expect(parseZStackDate('yesterday')).toBeNull();
  expect(formatZStackDate(null)).toBeNull();
});
