// The embedded bus: the same ordering rule as RabbitMQ's partitions (commands on one
// resource one after another, in publish order), inside one process. Nothing survives a
// restart here; the job store re-publishes unfinished jobs at start.
import { type BusCommand, type CommandConsumer, type CommandTransport, consumeWithRetry, type DeliveryListener, KeyedChains } from './command-transport.js';

export class InProcessTransport implements CommandTransport {
  readonly kind = 'in-process' as const;
  private readonly chains = new KeyedChains();
  private consumer: CommandConsumer | null = null;
  private onDelivery: DeliveryListener = () => undefined;
  /** Closing: no new commands, no more retries, but what is queued still runs. */
  private closing = false;

  constructor(private readonly onError: (err: unknown, attempt: number) => void = () => undefined) {}

  async start(consumer: CommandConsumer, onDelivery?: DeliveryListener): Promise<void> {
    this.consumer = consumer;
    if (onDelivery) this.onDelivery = onDelivery;
  }

  async publish(command: BusCommand): Promise<void> {
    if (this.closing) throw new Error('the in-process bus is closed');
    if (this.consumer) this.onDelivery(command, true);
    void this.chains.run(command.partitionKey, () => this.run(command));
  }

  private async run(command: BusCommand): Promise<void> {
    if (!this.consumer) return;
    await consumeWithRetry(this.consumer, command, () => this.closing, this.onError);
  }

  healthy(): boolean {
    return !this.closing;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.chains.idle();
  }
}
