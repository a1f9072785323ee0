export const DATA_SOURCE = Symbol('DataSource');
