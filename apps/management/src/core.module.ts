// The node's connections to the outside: configuration, the database and the bus.
import { Global, Module } from '@nestjs/common';
import { type CommandTransport, InProcessTransport, RabbitMqTransport } from '#bus';
import type { DataSource } from 'typeorm';
import { loadConfig, MANAGEMENT_CONFIG, type ManagementConfig } from './config/config.js';
import { openDataSource } from './database/data-source.js';
import { COMMAND_TRANSPORT } from './bus/bus.tokens.js';
import { DATA_SOURCE } from './database/database.tokens.js';
import { logger } from './logging/logger.js';
import { resealStoredSecrets } from './secrets/reseal.js';
import { installSecretBox } from './secrets/secret-box.js';
import { loadSecretBox } from './secrets/secret-keys.js';

const busLog = logger('bus');

@Global()
@Module({
  providers: [
    { provide: MANAGEMENT_CONFIG, useFactory: () => loadConfig() },
    {
      provide: DATA_SOURCE,
      inject: [MANAGEMENT_CONFIG],
      useFactory: async (config: ManagementConfig): Promise<DataSource> => {
        const db = await openDataSource(config);
        // The key after the database: with the embedded one, the data dir is then checked and locked.
        const box = loadSecretBox(config);
        installSecretBox(box);
        await resealStoredSecrets(db, box);
        return db;
      },
    },
    {
      provide: COMMAND_TRANSPORT,
      inject: [MANAGEMENT_CONFIG],
      useFactory: (config: ManagementConfig): CommandTransport =>
        config.amqpUrl
          ? new RabbitMqTransport({
              url: config.amqpUrl,
              prefix: config.busPrefix,
              partitions: config.busPartitions,
              connectionName: `zstack management node ${config.nodeId}`,
              log: (level, msg, extra) => busLog[level](extra ?? {}, msg),
            })
          : new InProcessTransport((err, attempt) => busLog.warn({ err: String(err), attempt }, 'command could not be recorded, retrying')),
    },
  ],
  exports: [MANAGEMENT_CONFIG, DATA_SOURCE, COMMAND_TRANSPORT],
})
export class CoreModule {}
