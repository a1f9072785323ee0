import { describe, expect, it } from 'vitest';
import { coerceParam } from './request-parts.js';

describe('list parameters in a query string', () => {
  it('reads a comma-separated list', () => {
    expect(coerceParam('List', 'a,b,,c')).toEqual(['a', 'b', 'c']);
  });

  it("reads a list as ZStack's Python SDK writes it, Python's repr: ['a', 'b']", () => {
    expect(coerceParam('List', "['7e27c2b7a0c64e9b8f3c1d2e4f5a6b7c', 'u2']")).toEqual(['7e27c2b7a0c64e9b8f3c1d2e4f5a6b7c', 'u2']);
    expect(coerceParam('List', "[u'x']")).toEqual(['x']);
    expect(coerceParam('List', '[]')).toEqual([]);
  });
});
