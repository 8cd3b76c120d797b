#!/usr/bin/env node
// npm run groups -- list | describe <group> | reset-offsets <group> --topic T --to-earliest …
// In the spirit of Kafka's kafka-consumer-groups: it speaks only the Kafka protocol, so it
// works against Apache Kafka as well as against our broker.
import { Command, InvalidArgumentError } from 'commander';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { groupReport, type GroupReport } from './group-report';
import { OffsetsReader } from './partition-offsets';
import { assertInactive, executePlan, resetPlan, type ResetTarget } from './reset-offsets';
import { dash, table } from './table';

async function withAdmin<T>(bootstrap: string, run: (admin: Admin, offsets: OffsetsReader) => Promise<T>): Promise<T> {
  const kafka = new Kafka({ clientId: 'consumer-groups-cli', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = new OffsetsReader(admin);
  try {
    return await run(admin, offsets);
  } finally {
    offsets.close();
    await admin.disconnect();
  }
}

function printReport(r: GroupReport): void {
  console.log(`GROUP ${r.groupId}  state ${r.state}  protocol ${r.protocolType}/${r.protocol || '-'}  members ${r.members.length}\n`);
  const rows = r.partitions.map((p) => [r.groupId, p.topic, String(p.partition), dash(p.committedOffset), String(p.highWatermark), String(p.lastStableOffset), dash(p.lag), dash(p.lagReadCommitted), dash(p.consumerId), dash(p.host), dash(p.clientId)]);
  console.log(table(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAST-STABLE-OFFSET', 'LAG', 'LAG(read_committed)', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'], rows));
  console.log(`\nTOTAL LAG ${r.totalLag}  (read_committed: ${r.totalLagReadCommitted}); partitions without a commit ("-") are not counted`);
}

function firstBroker(bootstrap: string): { host: string; port: number } {
  const [host, port] = (bootstrap.split(',')[0] ?? '').split(':');
  return { host: host || 'localhost', port: Number(port ?? 9092) };
}

function resetTarget(o: { toEarliest?: boolean; toLatest?: boolean; toOffset?: number; toDatetime?: string }): ResetTarget {
  const chosen = [o.toEarliest, o.toLatest, o.toOffset !== undefined, o.toDatetime !== undefined].filter(Boolean).length;
  if (chosen !== 1) throw new InvalidArgumentError('give exactly one of --to-earliest, --to-latest, --to-offset, --to-datetime');
  if (o.toEarliest) return { kind: 'earliest' };
  if (o.toLatest) return { kind: 'latest' };
  if (o.toOffset !== undefined) return { kind: 'offset', offset: o.toOffset };
  const timestamp = Date.parse(o.toDatetime as string);
  if (Number.isNaN(timestamp)) throw new InvalidArgumentError(`--to-datetime: cannot parse "${o.toDatetime}" (use ISO 8601)`);
  return { kind: 'datetime', timestamp };
}

const program = new Command().name('groups').description('Consumer groups: members, offsets, lag, and offset resets.');
program.option('--bootstrap-server <hosts>', 'comma-separated host:port list', 'localhost:9092').option('--json', 'print JSON');

program.command('list').description('list consumer groups and their state').action(async () => {
  const { bootstrapServer, json } = program.opts<{ bootstrapServer: string; json?: boolean }>();
  await withAdmin(bootstrapServer, async (admin) => {
    const { groups } = await admin.listGroups();
    const described = groups.length ? (await admin.describeGroups(groups.map((g) => g.groupId))).groups : [];
    const rows = described.map((g) => ({ groupId: g.groupId, state: g.state, protocolType: g.protocolType, members: g.members.length }));
    if (json) return console.log(JSON.stringify(rows, null, 2));
    console.log(table(['GROUP', 'STATE', 'PROTOCOL-TYPE', 'MEMBERS'], rows.map((r) => [r.groupId, r.state, r.protocolType || '-', String(r.members)])));
  });
});

program.command('describe <group>').description('members, committed offsets and lag per partition').action(async (group: string) => {
  const { bootstrapServer, json } = program.opts<{ bootstrapServer: string; json?: boolean }>();
  await withAdmin(bootstrapServer, async (admin, offsets) => {
    const report = await groupReport(admin, offsets, group);
    if (json) console.log(JSON.stringify(report, null, 2));
    else printReport(report);
  });
});

program
  .command('reset-offsets <group>')
  .description('move a stopped group\'s committed offsets (dry run unless --execute)')
  .requiredOption('--topic <topic>', 'the topic whose offsets to reset; topic:0,2 limits it to partitions 0 and 2')
  .option('--to-earliest', 'the log start offset')
  .option('--to-latest', 'the high watermark')
  .option('--to-offset <n>', 'a given offset (clamped to the log)', (v) => Number(v))
  .option('--to-datetime <iso>', 'the first offset at or after a time, e.g. 2026-11-24T10:00:00Z')
  .option('--execute', 'commit the new offsets (otherwise only print the plan)')
  .action(async (group: string, o: { topic: string; toEarliest?: boolean; toLatest?: boolean; toOffset?: number; toDatetime?: string; execute?: boolean }) => {
    const { bootstrapServer, json } = program.opts<{ bootstrapServer: string; json?: boolean }>();
    const target = resetTarget(o);
    await withAdmin(bootstrapServer, async (admin, offsets) => {
      await assertInactive(admin, group);
      const [topic, list] = o.topic.split(':') as [string, string | undefined];
      const plan = await resetPlan(offsets, topic, list === undefined ? null : list.split(',').map(Number), target);
      if (o.execute) await executePlan(firstBroker(bootstrapServer), group, plan);
      if (json) return console.log(JSON.stringify({ executed: Boolean(o.execute), plan }, null, 2));
      console.log(table(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET'], plan.map((p) => [group, p.topic, String(p.partition), String(p.newOffset)])));
      console.log(o.execute ? '\noffsets reset' : '\ndry run: add --execute to commit these offsets');
    });
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`groups: ${(e as Error).message}`);
  process.exit(1);
});
