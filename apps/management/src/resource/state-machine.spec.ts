import { expect, it } from 'vitest';
import { enableStateMachine, StateMachine } from './state-machine.js';

it('moves Enabled and Disabled by enable/disable, and enabling twice changes nothing', () => {
  const zone = enableStateMachine('ZoneState');
  expect(zone.next('Enabled', 'disable')).toBe('Disabled');
  expect(zone.next('Disabled', 'enable')).toBe('Enabled');
  expect(zone.next('Enabled', 'enable')).toBe('Enabled');
});

it('refuses an event the current state does not have, naming the machine and the state', () => {
  const m = new StateMachine<'A' | 'B', 'go'>('Thing', { A: { go: 'B' }, B: {} });
  expect(() => m.next('B', 'go')).toThrow(/Thing: event "go" is not allowed in state B/);
});
