#!/usr/bin/env node
// `npm run demo`: runs the demo topology as local processes and stops everything on Ctrl-C.
// Today the topology is one broker (auto-create on); later issues add the controller
// quorum, more brokers, and the order, billing and analytics services.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dataDir = process.env.DEMO_DATA_DIR ?? join(root, 'data', 'demo');
const kafkaPort = Number(process.env.DEMO_KAFKA_PORT ?? 9092);
const adminPort = Number(process.env.DEMO_BROKER_ADMIN_PORT ?? 9644);

const children = [];

function start(name, args) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}] `;
  const relay = (stream, out) => stream.on('data', (d) => out.write(d.toString().split('\n').filter(Boolean).map((l) => prefix + l).join('\n') + '\n'));
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefix}exited (${signal ?? code}); stopping the demo`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the demo…');
  let left = children.filter((c) => c.exitCode === null).length;
  if (left === 0) process.exit(code);
  for (const c of children) {
    if (c.exitCode !== null) continue;
    c.once('exit', () => --left === 0 && process.exit(code));
    c.kill('SIGTERM');
  }
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

mkdirSync(dataDir, { recursive: true });
start('broker-1', [
  join(root, 'services/broker/dist/src/main.js'),
  '--node-id', '1',
  '--port', String(kafkaPort),
  '--admin-port', String(adminPort),
  '--data-dir', join(dataDir, 'broker-1'),
  '--auto-create-topics', 'true',
  '--num-partitions', '3',
]);

console.log(`
demo running — Ctrl-C stops everything
  Kafka bootstrap:   localhost:${kafkaPort}
  broker admin HTTP: http://127.0.0.1:${adminPort}/health
  try:  kcat -b localhost:${kafkaPort} -L
        echo 'customer-1:hello' | kcat -b localhost:${kafkaPort} -t orders -P -K: -X topic.partitioner=murmur2_random
        kcat -b localhost:${kafkaPort} -t orders -C -o beginning -e -f '%p %o %k %s\\n'
`);
