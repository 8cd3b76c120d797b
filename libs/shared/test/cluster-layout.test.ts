import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brokerArgs, clusterLayout, controllerArgs, fixedPorts, parseReadyLine } from '../src';

const opts = { controllers: 3, brokers: 3, voterHost: '127.0.0.1', advertisedHost: 'localhost' };

test('the fixed layout: brokers 9092 + 3·i and HTTP 9644 + i, controllers 9192 + j and HTTP 9744 + j', () => {
  const l = clusterLayout(opts, fixedPorts(9092, 3, 3));
  assert.deepEqual(l.brokers.map((b) => [b.nodeId, b.name, b.port, b.httpPort]), [[1, 'broker-1', 9092, 9644], [2, 'broker-2', 9095, 9645], [3, 'broker-3', 9098, 9646]]);
  assert.deepEqual(l.controllers.map((c) => [c.nodeId, c.name, c.port, c.httpPort]), [[1001, 'controller-1001', 9192, 9744], [1002, 'controller-1002', 9193, 9745], [1003, 'controller-1003', 9194, 9746]]);
  assert.equal(l.voters, '1001@127.0.0.1:9192,1002@127.0.0.1:9193,1003@127.0.0.1:9194');
  assert.equal(l.bootstrap, 'localhost:9092,localhost:9095,localhost:9098');
});

test('another base port shifts every range alike', () => {
  const p = fixedPorts(19092, 1, 2);
  assert.deepEqual(p, { controllerPorts: [19192], controllerHttpPorts: [19744], brokerPorts: [19092, 19095], brokerHttpPorts: [19644, 19645] });
});

test('quorum sizes other than 1, 3 or 5 and missing Kafka ports are refused', () => {
  assert.throws(() => clusterLayout({ ...opts, controllers: 2 }, fixedPorts(9092, 2, 3)), /1, 3 or 5/);
  assert.throws(() => clusterLayout(opts, { ...fixedPorts(9092, 3, 3), brokerPorts: [9092, 0, 9098] }), /broker 2 needs a Kafka port/);
});

test('every node gets the same voters and cluster id; brokers their own ports', () => {
  const l = clusterLayout(opts, fixedPorts(9092, 3, 3));
  const o = { clusterId: 'CID', dataDir: '/d', host: '127.0.0.1', advertisedHost: 'localhost', extra: ['--x', '1'] };
  const c = controllerArgs(l, l.controllers[1]!, o);
  assert.deepEqual(c.slice(0, 6), ['--node-id', '1002', '--voters', l.voters, '--cluster-id', 'CID']);
  assert.equal(c[c.indexOf('--port') + 1], '9193');
  assert.equal(c[c.indexOf('--http-port') + 1], '9745');
  assert.deepEqual(c.slice(-2), ['--x', '1']);
  const b = brokerArgs(l, l.brokers[2]!, o);
  assert.equal(b[b.indexOf('--controller-quorum-voters') + 1], l.voters);
  assert.equal(b[b.indexOf('--port') + 1], '9098');
  assert.equal(b[b.indexOf('--admin-port') + 1], '9646');
});

test('ready lines are recognised; anything else is not', () => {
  assert.deepEqual(parseReadyLine('{"ready":true,"nodeId":1,"kafka":"127.0.0.1:9092","url":"http://127.0.0.1:9644"}'), { ready: true, nodeId: 1, kafka: '127.0.0.1:9092', url: 'http://127.0.0.1:9644' });
  assert.equal(parseReadyLine('{"level":30,"msg":"ready"}'), undefined);
  assert.equal(parseReadyLine('{"ready":true,"nodeId":1'), undefined);
});
