#!/usr/bin/env node
// npm run quorum -- describe [--status] [--replication] [--bootstrap-controller host:port[,host:port]]
// Kafka's kafka-metadata-quorum describe, over DescribeQuorum (API 55) with kafka-net.
import { Command } from 'commander';
import { describeQuorum, parseBootstrap } from './describe-quorum';
import { replicationReport, statusReport } from './quorum-report';

const program = new Command().name('quorum').description('Describe the KRaft controller quorum, as kafka-metadata-quorum does.');
program
  .command('describe')
  .description('the quorum\'s leader, epoch and high watermark (--status, the default), or every replica\'s progress (--replication)')
  .option('--status', 'leader, epoch, high watermark, lags, voters and observers')
  .option('--replication', 'per voter and observer: log end offset, lag, last fetch and caught-up times')
  .option('--bootstrap-controller <list>', 'controllers to ask (the leader answers); default: npm run cluster\'s controllers', 'localhost:9192,localhost:9193,localhost:9194')
  .action(async (o: { status?: boolean; replication?: boolean; bootstrapController: string }) => {
    const p = await describeQuorum(parseBootstrap(o.bootstrapController));
    console.log(o.replication ? replicationReport(p) : statusReport(p));
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`quorum: ${(e as Error).message}\n`);
  process.exit(1);
});
