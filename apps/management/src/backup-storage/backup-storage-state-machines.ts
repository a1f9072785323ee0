// A backup storage's two machines, as ZStack's: its state (Enabled/Disabled, the operator's
// say) and its status (Connecting/Connected/Disconnected, what the node last saw of it).
import { enableStateMachine, StateMachine } from '../resource/state-machine.js';

export const BackupStorageStateMachine = enableStateMachine('BackupStorageState');

export type BackupStorageStatus = 'Connecting' | 'Connected' | 'Disconnected';
export type BackupStorageStatusEvent = 'connect' | 'connected' | 'disconnected';

export const BackupStorageStatusMachine = new StateMachine<BackupStorageStatus, BackupStorageStatusEvent>('BackupStorageStatus', {
  Connecting: { connect: 'Connecting', connected: 'Connected', disconnected: 'Disconnected' },
  Connected: { connect: 'Connecting', connected: 'Connected', disconnected: 'Disconnected' },
  Disconnected: { connect: 'Connecting', connected: 'Connected', disconnected: 'Disconnected' },
});
