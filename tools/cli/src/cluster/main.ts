#!/usr/bin/env node
// `npm run cluster -- --controllers 3 --brokers 3 --data-dir DIR`: a KRaft-style cluster as
// local processes in the foreground (and `npm run broker`: the same with 1 + 1). Stdout gets
// exactly one line, the ready JSON; every node's log goes to stderr with its name in front.
// Ctrl-C / SIGTERM stops everything (brokers first); SIGHUP starts again whatever died; if this
// launcher is killed, every child notices its lifeline pipe close and stops itself.
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { Launcher, stopOnSignals } from '../launcher';
import { planCluster } from './cluster-plan';
import { LocalCluster } from './local-cluster';

const root = resolve(__dirname, '..', '..', '..', '..', '..');

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a non-negative integer`);
  return n;
}
const words = (value: string): string[] => value.split(/\s+/).filter(Boolean);

const o = new Command()
  .name('cluster')
  .description('Run controllers and brokers as local processes; print one ready JSON line on stdout.')
  .option('--controllers <n>', 'controllers in the quorum (1, 3 or 5); ids 1001…', int, 3)
  .option('--brokers <n>', 'brokers; ids 1…', int, 3)
  .requiredOption('--data-dir <dir>', 'one sub-directory per node, and the cluster id (cluster-id) and the ready line (cluster.json)')
  .option('--base-port <n>', 'brokers base+3i (HTTP 9644+i), controllers base+100+j (HTTP 9744+j), all shifted by base-9092; 0 = free ports', int, 9092)
  .option('--host <addr>', 'bind address of every listener', '127.0.0.1')
  .option('--advertised-host <host>', 'what brokers advertise to clients (default: localhost for 127.0.0.1 and 0.0.0.0, else --host)')
  .option('--cluster-id <id>', 'default: DATA_DIR/cluster-id, generated on the first start')
  .option('--broker-flags <flags>', 'extra flags for every broker, e.g. "--auto-create-topics true"', words, [])
  .option('--controller-flags <flags>', 'extra flags for every controller, e.g. "--broker-session-timeout-ms 9000"', words, [])
  .option('--log-level <level>', 'every node\'s log level (debug, info, warn, error, silent)', 'info')
  .option('--ready-timeout-ms <n>', 'how long each node may take to print its ready line', int, 60_000)
  .parse(process.argv)
  .opts<{ controllers: number; brokers: number; dataDir: string; basePort: number; host: string; advertisedHost?: string; clusterId?: string; brokerFlags: string[]; controllerFlags: string[]; logLevel: string; readyTimeoutMs: number }>();

const say = (line: string) => process.stderr.write(`${line}\n`);
const launcher = new Launcher({ out: process.stderr, err: process.stderr, graceMs: 10_000 });

async function main(): Promise<void> {
  stopOnSignals(launcher, (code) => process.exit(code), say);
  const dataDir = resolve(o.dataDir);
  const advertisedHost = o.advertisedHost ?? (o.host === '127.0.0.1' || o.host === '0.0.0.0' ? 'localhost' : o.host);
  const logLevel = ['--log-level', o.logLevel];
  const plan = await planCluster({
    root,
    controllers: o.controllers,
    brokers: o.brokers,
    dataDir,
    basePort: o.basePort,
    host: o.host,
    advertisedHost,
    clusterId: o.clusterId,
    brokerFlags: [...logLevel, ...o.brokerFlags],
    controllerFlags: [...logLevel, ...o.controllerFlags],
  });
  const cluster = new LocalCluster(plan, launcher, say, { readyTimeoutMs: o.readyTimeoutMs, dataDir });
  const ready = await cluster.start();
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.on('SIGHUP', () => {
    void cluster.restartDown().then(
      (names) => say(`[cluster] SIGHUP: ${names.length ? `started ${names.join(', ')} again` : 'every node is running'}`),
      (e: unknown) => say(`[cluster] SIGHUP: ${(e as Error).message}`),
    );
  });
  const c = ready.controllers.map((x) => `${x.nodeId} ${x.url}`).join(', ');
  say(`[cluster] ready — bootstrap ${ready.bootstrap}; controllers ${c}; ${dataDir}/cluster.json has every pid and URL. Ctrl-C stops everything; kill -HUP ${process.pid} restarts nodes that died.`);
}

main().catch((e: unknown) => {
  say(`cluster: ${(e as Error).message}`);
  void launcher.stopAll().then(() => process.exit(1));
});
