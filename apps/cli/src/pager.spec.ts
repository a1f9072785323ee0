import { expect, it } from 'vitest';
import { pagerCommand } from './pager.js';

it('pages with $PAGER as an argument array, else with less', () => {
  expect(pagerCommand({ PAGER: 'most -s' })).toEqual(['most', '-s']);
  expect(pagerCommand({ PAGER: '  ' })).toEqual(['less', '-R', '-X', '-F']);
  expect(pagerCommand({})).toEqual(['less', '-R', '-X', '-F']);
});
