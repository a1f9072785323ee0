import { expect, it } from 'vitest';
import { parseOptions, serverOf } from './options.js';

it('reads ZStack\'s -H host -p port, with its defaults', () => {
  expect(parseOptions(['-H', '10.0.0.5', '-p', '8081', 'QueryZone']).server).toBe('10.0.0.5:8081');
  expect(parseOptions(['QueryZone', '--host', 'mn.example']).server).toBe('mn.example:8080');
  expect(parseOptions(['-p', '8081']).server).toBe('localhost:8081');
  expect(serverOf('fd00::5', '8080')).toBe('[fd00::5]:8080');
  expect(serverOf('10.0.0.5:9000', null)).toBe('10.0.0.5:9000');
  expect(serverOf('https://mn.example', '443')).toBe('https://mn.example:443');
});

it('keeps -s host:port, and leaves the command and its flags to the runner', () => {
  expect(parseOptions(['-s', '10.0.0.5:8080', 'CreateZone', 'name=z', '--json'])).toEqual({ server: '10.0.0.5:8080', words: ['CreateZone', 'name=z', '--json'] });
  expect(parseOptions(['QueryZone']).server).toBeNull();
});

it('refuses a port that is not a number, a missing value, and both ways at once', () => {
  expect(() => parseOptions(['-p', 'http'])).toThrow(/a port is a number/);
  expect(() => parseOptions(['QueryZone', '-H'])).toThrow(/-H needs a value/);
  expect(() => parseOptions(['-s', 'a:1', '-H', 'b'])).toThrow(/either -s host:port or -H host -p port/);
});
