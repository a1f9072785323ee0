export const DATA_SOURCE = Symbol('DataSource');
export const COMMAND_TRANSPORT = Symbol('CommandTransport');
