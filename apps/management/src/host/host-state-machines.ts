// A host's two machines, as ZStack's HostStatus and HostState have them. Status is the
// connection (who may talk to the host); state is the operator's intent (may VMs land here).
import { StateMachine } from '../resource/state-machine.js';

export type HostStatus = 'Connecting' | 'Connected' | 'Disconnected';
export type HostStatusEvent = 'connecting' | 'connected' | 'disconnected';

export const HostStatusMachine = new StateMachine<HostStatus, HostStatusEvent>('HostStatus', {
  Connecting: { connecting: 'Connecting', connected: 'Connected', disconnected: 'Disconnected' },
  Connected: { connecting: 'Connecting', connected: 'Connected', disconnected: 'Disconnected' },
  Disconnected: { connecting: 'Connecting', disconnected: 'Disconnected' },
});

export type HostState = 'Enabled' | 'Disabled' | 'PreMaintenance' | 'Maintenance';
/** `maintain` is what ChangeHostState takes; `preMaintain` is the step it goes through. */
export type HostStateEvent = 'enable' | 'disable' | 'preMaintain' | 'maintain';

export const HostStateMachine = new StateMachine<HostState, HostStateEvent>('HostState', {
  Enabled: { enable: 'Enabled', disable: 'Disabled', preMaintain: 'PreMaintenance' },
  Disabled: { enable: 'Enabled', disable: 'Disabled', preMaintain: 'PreMaintenance' },
  PreMaintenance: { enable: 'Enabled', disable: 'Disabled', maintain: 'Maintenance' },
  Maintenance: { enable: 'Enabled', disable: 'Disabled', preMaintain: 'PreMaintenance', maintain: 'Maintenance' },
});
