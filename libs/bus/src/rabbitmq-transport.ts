// Commands over RabbitMQ. A fixed set of durable partition queues, chosen by a hash of
// the resource uuid; each queue has single-active-consumer on, so while every node
// subscribes to every partition, RabbitMQ lets exactly one of them consume it at a time
// and hands the partition (with its unacknowledged messages) to another node when that
// one goes away. Within a partition this node runs the commands of one resource (one
// partition key) strictly one after another, and different resources' side by side. The
// commands published in one turn travel as one message per partition (command-batches.ts).
import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { batchesOf, decodeCommands, encodeCommands } from './command-batches.js';
import { type BusCommand, type CommandConsumer, type CommandTransport, consumeWithRetry, type DeliveryListener, KeyedChains, sleep } from './command-transport.js';

export interface RabbitMqTransportOptions {
  url: string;
  prefix: string;
  partitions: number;
  /** Messages a partition may have delivered to this node ahead of the one running. */
  prefetch?: number;
  /** How long publish waits for a lost connection to come back before failing. */
  publishTimeoutMs?: number;
  /** Shown in RabbitMQ's management tools (`rabbitmqctl list_connections name`). */
  connectionName?: string;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

export class RabbitMqTransport implements CommandTransport {
  readonly kind = 'rabbitmq' as const;
  private connection: ChannelModel | null = null;
  private publishChannel: ConfirmChannel | null = null;
  private consumeChannel: Channel | null = null;
  private consumer: CommandConsumer | null = null;
  private onDelivery: DeliveryListener = () => undefined;
  private closed = false;
  private connecting: Promise<void> | null = null;
  /** Per partition key, the message being run, so the next on that key waits for it. */
  private readonly chains = new KeyedChains();
  private generation = 0;
  /** Commands published this turn, sent together when it ends (command-batches.ts). */
  private outgoing: Outgoing[] = [];

  constructor(private readonly options: RabbitMqTransportOptions) {}

  queueName(partition: number): string {
    return `${this.options.prefix}.commands.${partition}`;
  }

  async start(consumer: CommandConsumer, onDelivery?: DeliveryListener): Promise<void> {
    this.consumer = consumer;
    if (onDelivery) this.onDelivery = onDelivery;
    await this.ensureConnected();
  }

  /** Declares the queues and publishes only; for tools that feed commands without running them. */
  async connectPublisher(): Promise<void> {
    await this.ensureConnected();
  }

  async publish(command: BusCommand): Promise<void> {
    const deadline = Date.now() + (this.options.publishTimeoutMs ?? 10_000);
    for (;;) {
      const channel = this.publishChannel;
      if (channel && !this.closed) {
        try {
          await new Promise<void>((resolve, reject) => this.send({ command, channel, settle: (err) => (err ? reject(err) : resolve()) }));
          return;
        } catch (err) {
          if (Date.now() > deadline) throw err;
        }
      }
      if (this.closed) throw new Error('the RabbitMQ bus is closed');
      if (Date.now() > deadline) throw new Error('RabbitMQ is unreachable');
      this.ensureConnected().catch(() => undefined);
      await sleep(200);
    }
  }

  /** Queues a command for the end of the turn; each is settled by its message's confirm. */
  private send(outgoing: Outgoing): void {
    this.outgoing.push(outgoing);
    if (this.outgoing.length === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    const outgoing = this.outgoing;
    this.outgoing = [];
    // One channel but for a reconnect within the turn.
    for (const channel of new Set(outgoing.map((o) => o.channel))) {
      const batches = batchesOf(
        outgoing.filter((o) => o.channel === channel),
        (o) => o.command,
        this.options.partitions,
      );
      for (const { partition, items } of batches) {
        const settle = (err?: unknown) => items.forEach((o) => o.settle(err));
        const options = { persistent: true, contentType: 'application/json', messageId: items[0].command.jobUuid };
        try {
          channel.sendToQueue(this.queueName(partition), encodeCommands(items.map((o) => o.command)), options, (err) => settle(err ?? undefined));
        } catch (err) {
          settle(err); // the channel closed under us: each publish retries on the next
        }
      }
    }
  }

  healthy(): boolean {
    return !this.closed && this.publishChannel !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = null;
    this.publishChannel = null;
    this.consumeChannel = null;
    await connection?.close().catch(() => undefined);
  }

  private ensureConnected(): Promise<void> {
    if (this.connection || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    // Without TCP_NODELAY, a publish confirm waits out Nagle and delayed ACKs (~40 ms).
    const connection = await amqp.connect(this.options.url, {
      noDelay: true,
      clientProperties: { connection_name: this.options.connectionName ?? `${this.options.prefix} command bus` },
    });
    batchFrameWrites(connection);
    const generation = ++this.generation;
    connection.on('error', (err: Error) => this.log('warn', 'RabbitMQ connection error', { error: err.message }));
    connection.on('close', () => this.onConnectionLost(generation));
    const publishChannel = await connection.createConfirmChannel();
    for (let p = 0; p < this.options.partitions; p++) {
      await publishChannel.assertQueue(this.queueName(p), { durable: true, arguments: { 'x-single-active-consumer': true } });
    }
    this.connection = connection;
    this.publishChannel = publishChannel;
    if (this.consumer) await this.subscribe(connection, generation);
    this.log('info', 'connected to RabbitMQ', { partitions: this.options.partitions });
  }

  private async subscribe(connection: ChannelModel, generation: number): Promise<void> {
    const channel = await connection.createChannel();
    await channel.prefetch(this.options.prefetch ?? 32, false);
    this.consumeChannel = channel;
    for (let p = 0; p < this.options.partitions; p++) {
      await channel.consume(this.queueName(p), (msg) => msg && this.enqueue(msg, channel, generation), { noAck: false });
    }
  }

  private enqueue(msg: ConsumeMessage, channel: Channel, generation: number): void {
    const commands = decodeCommands(msg.content);
    if (!commands) {
      this.log('error', 'dropping an unreadable bus message');
      try {
        channel.ack(msg);
      } catch {
        // the channel is gone; the message comes back and is dropped then
      }
      return;
    }
    for (const command of commands) this.onDelivery(command, true);
    // A message carries commands of several resources (command-batches.ts): each waits for
    // its own resource's earlier commands only, and the message is acknowledged once all
    // are done. Acknowledgements may thus go out of delivery order; RabbitMQ takes each on
    // its own, and after a failover redelivers the unacknowledged ones in their queue order
    // (their jobs already done are found done and skipped).
    let allDone = true;
    const runs = commands.map((command) =>
      this.chains.run(command.partitionKey, async () => {
        if (!(await this.runOne(command, generation))) allDone = false;
      }),
    );
    void Promise.all(runs).then(() => {
      if (!allDone || generation !== this.generation) return;
      try {
        channel.ack(msg);
      } catch {
        // The channel died after the jobs were recorded: the redelivered copy finds them done.
      }
    });
  }

  /** Runs one command unless its delivery is stale; whether it was recorded. */
  private async runOne(command: BusCommand, generation: number): Promise<boolean> {
    // A message from a connection that has since died will be redelivered (maybe to
    // another node): running it here too would only race that copy.
    if (generation !== this.generation || !this.consumer) {
      this.onDelivery(command, false);
      return false;
    }
    return consumeWithRetry(this.consumer, command, () => this.closed || generation !== this.generation, (err, attempt) =>
      this.log('warn', 'command could not be recorded, retrying', { jobUuid: command.jobUuid, attempt, error: String(err) }),
    );
  }

  private onConnectionLost(generation: number): void {
    if (generation !== this.generation) return;
    this.generation++;
    this.connection = null;
    this.publishChannel = null;
    this.consumeChannel = null;
    this.chains.clear();
    if (this.closed) return;
    this.log('warn', 'lost RabbitMQ, reconnecting');
    void this.reconnectLoop();
  }

  private async reconnectLoop(): Promise<void> {
    for (let attempt = 0; !this.closed && !this.connection; attempt++) {
      try {
        await this.ensureConnected();
      } catch (err) {
        this.log('warn', 'RabbitMQ reconnect failed', { attempt, error: String(err) });
        await sleep(Math.min(500 * 2 ** Math.min(attempt, 5), 10_000));
      }
    }
  }

  private log(level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>): void {
    this.options.log?.(level, msg, extra);
  }
}

interface Outgoing {
  command: BusCommand;
  channel: ConfirmChannel;
  settle: (err?: unknown) => void;
}

/** amqplib's muxer writes each frame to the socket on its own (lib/mux.js): with jobs in
 *  flight, a syscall per publish and per ack. Corked while the muxer drains the channels'
 *  frames, the socket takes all of one turn's frames in one write. An amqplib without that
 *  muxer is left as it is. */
function batchFrameWrites(model: ChannelModel): void {
  const muxer = (model as unknown as { connection?: { muxer?: { _readIncoming?: () => void; out?: { cork(): void; uncork(): void } } } }).connection?.muxer;
  const drain = muxer?._readIncoming;
  const socket = muxer?.out;
  if (!muxer || typeof drain !== 'function' || typeof socket?.cork !== 'function') return;
  muxer._readIncoming = () => {
    socket.cork();
    try {
      drain.call(muxer);
    } finally {
      socket.uncork();
    }
  };
}
