/** The node's command transport (libs/bus): RabbitMQ or in-process, chosen by CoreModule. */
export const COMMAND_TRANSPORT = Symbol('CommandTransport');
