import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import type { TopicPartition } from './consumed-record';
import type { TopicRetention } from './dedupe-window';

/**
 * The two admin questions a consumer asks the broker (where a partition's retained data
 * starts, and the topic's retention), on one lazily connected admin client that is rebuilt
 * after a failure. Shared by both consumer adapters.
 */
export class KafkajsAdminQueries {
  private admin: Admin | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  earliestOffset(tp: TopicPartition): Promise<number> {
    return this.withAdmin(async (admin) => {
      const p = (await admin.fetchTopicOffsets(tp.topic)).find((x) => x.partition === tp.partition);
      if (!p) throw new Error(`the broker reports no partition ${tp.partition} of ${tp.topic}`);
      return Number(p.low);
    });
  }

  /** The topic's retention.ms and segment.ms (DescribeConfigs). */
  topicRetention(): Promise<TopicRetention> {
    return this.withAdmin(async (admin) => {
      const res = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: this.topic, configNames: ['retention.ms', 'segment.ms'] }] });
      const entries = res.resources[0]?.configEntries ?? [];
      const value = (name: string) => {
        const v = entries.find((c) => c.configName === name)?.configValue;
        if (v === undefined) throw new Error(`the broker did not report ${name} of ${this.topic}`);
        return Number(v);
      };
      return { retentionMs: value('retention.ms'), segmentMs: value('segment.ms') };
    });
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async withAdmin<T>(use: (admin: Admin) => Promise<T>): Promise<T> {
    this.admin ??= this.kafka.admin();
    const admin = this.admin;
    try {
      await admin.connect();
      return await use(admin);
    } catch (e) {
      await admin.disconnect().catch(() => undefined);
      if (this.admin === admin) this.admin = null;
      throw e;
    }
  }
}
