import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { OrderPlaced } from '@orderlab/events';
import type { OrderConfig } from '../../src/config/order-config';
import { OrderRepository, acceptedRecord, pendingRecord } from '../../src/orders/order.repository';

const order = (n: number): OrderPlaced => ({
  type: 'OrderPlaced',
  schemaVersion: 1,
  orderId: `o-${n}`,
  customerId: `c-${n % 3}`,
  city: 'Lahore',
  items: [{ sku: `sku-"${n}"`, qty: 1 + n, unitPriceCents: 250 }],
  currency: 'PKR',
  totalCents: 250 * (1 + n),
  placedAt: '2026-12-02T00:00:00.000Z',
}) as OrderPlaced;

describe('order records', () => {
  test('are JSON.stringify of {state, order, ...at}, byte for byte', () => {
    const o = order(7);
    assert.equal(pendingRecord(JSON.stringify(o)), JSON.stringify({ state: 'pending', order: o }));
    assert.equal(acceptedRecord(JSON.stringify(o), { partition: 3, offset: 41 }), JSON.stringify({ state: 'accepted', order: o, partition: 3, offset: 41 }));
    assert.equal(acceptedRecord(JSON.stringify(o), { partition: 0, offset: -1 }), JSON.stringify({ state: 'accepted', order: o, partition: 0, offset: -1 }));
  });
});

const haveRedis = spawnSync('redis-server', ['--version']).status === 0;

describe('OrderRepository against redis-server', { skip: !haveRedis && 'redis-server is not installed' }, () => {
  let dir: string;
  let server: ChildProcess;
  let redis: Redis;
  let repo: OrderRepository;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'order-repo-'));
    const socket = join(dir, 'redis.sock');
    server = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; !existsSync(socket); i++) {
      if (i > 200) throw new Error('redis-server did not start');
      await new Promise((r) => setTimeout(r, 25));
    }
    redis = new Redis({ path: socket });
    repo = new OrderRepository(redis, { ORDER_RETENTION_SECONDS: 600 } as OrderConfig);
  });

  after(async () => {
    redis?.disconnect();
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a batch recorded as sending is pending and unresolved, with the retention; once accepted it is where it landed and resolved', async () => {
    const batch = [order(1), order(2), order(3)];
    await repo.recordSending(batch, 1000);
    for (const o of batch) assert.deepEqual(await repo.find(o.orderId), { state: 'pending', order: o });
    assert.deepEqual((await repo.unresolvedSince(1000, 10)).sort(), ['o-1', 'o-2', 'o-3']);
    assert.deepEqual(await repo.unresolvedSince(999, 10), []);
    const ttl = await redis.ttl('order:o-2');
    assert.ok(ttl > 590 && ttl <= 600, `ttl ${ttl}`);

    await repo.recordAccepted([{ order: batch[0] as OrderPlaced, at: { partition: 2, offset: 10 } }, { order: batch[2] as OrderPlaced, at: { partition: 0, offset: 11 } }]);
    assert.deepEqual(await repo.find('o-1'), { state: 'accepted', order: batch[0], partition: 2, offset: 10 });
    assert.deepEqual(await repo.find('o-2'), { state: 'pending', order: batch[1] });
    assert.deepEqual(await repo.find('o-3'), { state: 'accepted', order: batch[2], partition: 0, offset: 11 });
    assert.deepEqual(await repo.unresolvedSince(Date.now(), 10), ['o-2']);
    assert.equal(await redis.get('order:o-3'), JSON.stringify({ state: 'accepted', order: batch[2], partition: 0, offset: 11 }));
  });

  test('the steps still work after Redis forgot its scripts (SCRIPT FLUSH, a restart)', async () => {
    await redis.script('FLUSH');
    await repo.recordSending([order(4)], 5);
    await redis.script('FLUSH');
    await repo.recordAccepted([{ order: order(4), at: { partition: 1, offset: 0 } }]);
    assert.deepEqual(await repo.find('o-4'), { state: 'accepted', order: order(4), partition: 1, offset: 0 });
    assert.deepEqual(await repo.unresolvedSince(10, 10), []);
  });
});
