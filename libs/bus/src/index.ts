export * from './command-transport.js';
export { InProcessTransport } from './in-process-transport.js';
export { RabbitMqTransport, type RabbitMqTransportOptions } from './rabbitmq-transport.js';
