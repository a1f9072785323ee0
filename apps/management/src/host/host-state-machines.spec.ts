import { expect, it } from 'vitest';
import { HostStateMachine, HostStatusMachine } from './host-state-machines.js';

it('connects a host: Connecting to Connected, and back to Connecting on a reconnect', () => {
  expect(HostStatusMachine.next('Connecting', 'connected')).toBe('Connected');
  expect(HostStatusMachine.next('Connected', 'disconnected')).toBe('Disconnected');
  expect(HostStatusMachine.next('Disconnected', 'connecting')).toBe('Connecting');
  // A Disconnected host comes back only through a reconnect (Connecting).
  expect(() => HostStatusMachine.next('Disconnected', 'connected')).toThrow(/HostStatus/);
});

it('goes into maintenance only through PreMaintenance', () => {
  expect(HostStateMachine.next('Enabled', 'preMaintain')).toBe('PreMaintenance');
  expect(HostStateMachine.next('PreMaintenance', 'maintain')).toBe('Maintenance');
  expect(() => HostStateMachine.next('Enabled', 'maintain')).toThrow(/HostState: event "maintain" is not allowed in state Enabled/);
  expect(HostStateMachine.next('Maintenance', 'enable')).toBe('Enabled');
});
