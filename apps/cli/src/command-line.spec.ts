import { expect, it } from 'vitest';
import { splitFlags, tokenize } from './command-line.js';

it('splits on white space, keeping quoted runs together', () => {
  expect(tokenize('CreateZone name=z "description=a b" userTags=\'x y\',z')).toEqual(['CreateZone', 'name=z', 'description=a b', 'userTags=x y,z']);
  expect(tokenize('CreateZone description=""')).toEqual(['CreateZone', 'description=']);
  expect(() => tokenize('CreateZone name="z')).toThrow(/unclosed quote "/);
});

it('takes --json, --no-wait and -h out of a command, anywhere on its line', () => {
  expect(splitFlags(['CreateZone', '--no-wait', 'name=z', '--json'])).toEqual({ words: ['CreateZone', 'name=z'], flags: { wait: false, json: true } });
  expect(splitFlags(['AddKVMHost', '-h']).flags).toEqual({ help: true });
  expect(() => splitFlags(['QueryZone', '--jsn'])).toThrow(/unknown option --jsn/);
});
