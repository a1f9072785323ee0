// A primary storage's two machines, as ZStack's PrimaryStorageState and
// PrimaryStorageStatus: `state` is the operator's (ChangePrimaryStorageState), `status`
// is what the node last learnt from the hosts (attach, reconnect, capacity sync).
import { StateMachine } from '../resource/state-machine.js';

export type PrimaryStorageState = 'Enabled' | 'Disabled' | 'Maintenance' | 'Deleting';
export type PrimaryStorageStateEvent = 'enable' | 'disable' | 'maintain' | 'deleting';

export const PrimaryStorageStateMachine = new StateMachine<PrimaryStorageState, PrimaryStorageStateEvent>('PrimaryStorageState', {
  Enabled: { enable: 'Enabled', disable: 'Disabled', maintain: 'Maintenance', deleting: 'Deleting' },
  Disabled: { enable: 'Enabled', disable: 'Disabled', maintain: 'Maintenance', deleting: 'Deleting' },
  Maintenance: { enable: 'Enabled', disable: 'Disabled', maintain: 'Maintenance', deleting: 'Deleting' },
  // A storage being deleted takes no other event: the deletion ends it.
  Deleting: { deleting: 'Deleting' },
});

export type PrimaryStorageStatus = 'Connecting' | 'Connected' | 'Disconnected';
export type PrimaryStorageStatusEvent = 'connecting' | 'connected' | 'disconnected';

export const PrimaryStorageStatusMachine = new StateMachine<PrimaryStorageStatus, PrimaryStorageStatusEvent>('PrimaryStorageStatus', {
  Connecting: { connecting: 'Connecting', connected: 'Connected', disconnected: 'Disconnected' },
  Connected: { connecting: 'Connecting', connected: 'Connected', disconnected: 'Disconnected' },
  Disconnected: { connecting: 'Connecting', connected: 'Connected', disconnected: 'Disconnected' },
});
