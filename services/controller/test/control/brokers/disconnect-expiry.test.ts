import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { Harness } from '../kit';

// The connection signal: a broker whose heartbeat connection closed (a killed process) is fenced
// disconnectGraceMs after the close unless it heartbeats again; otherwise the session timeout rules.
const CONFIG = { sessionTimeoutMs: 6000, disconnectGraceMs: 1000 };

function cluster(): Harness {
  const h = new Harness(CONFIG);
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 1, 3); // replicas [1,2,3]: broker 1 leads
  h.heartbeat(1, { connectionId: 11 });
  h.heartbeat(2, { connectionId: 12 });
  h.heartbeat(3, { connectionId: 13 });
  return h;
}

test('a broker whose heartbeat connection closed is fenced once the grace has passed, not before', () => {
  const h = cluster();
  h.advance(300);
  h.control.brokerConnectionClosed(11, h.nowMs);
  assert.equal(h.control.nextSessionExpiryMs(h.image), h.nowMs + 1001, 'the driver is woken at the end of the grace');
  h.advance(1000);
  assert.equal(h.fenceStale(), null, 'exactly at the grace: still valid');
  h.advance(1);
  assert.equal(h.fenceStale(), 1);
  assert.equal(h.image.brokers.get(1)?.fenced, true);
  assert.equal(h.partition('t', 0).leader, 2, 'its leadership moved to an in-sync follower');
  assert.equal(h.fenceStale(), null, 'the others keep their sessions');
});

test('a heartbeat after the close (the broker reconnected) cancels the grace: only the session timeout fences it', () => {
  const h = cluster();
  h.control.brokerConnectionClosed(11, h.nowMs);
  h.advance(600);
  h.heartbeat(1, { connectionId: 21 });
  h.heartbeat(2, { connectionId: 12 });
  h.heartbeat(3, { connectionId: 13 });
  h.advance(5000);
  assert.equal(h.fenceStale(), null, '5 s after its last heartbeat: the grace no longer applies');
  h.advance(1001);
  assert.equal(h.fenceStale(), 1, 'the session timeout still does');
});

test('a connection that did not carry the last heartbeat closing changes nothing', () => {
  const h = cluster();
  h.heartbeat(1, { connectionId: 21 }); // broker 1 moved to a new connection
  h.control.brokerConnectionClosed(11, h.nowMs);
  h.control.brokerConnectionClosed(99, h.nowMs);
  h.advance(5000);
  assert.equal(h.fenceStale(), null);
});

test('a broker that stops heartbeating with its connection open (SIGSTOP, a partition) gets the full session timeout', () => {
  const h = cluster();
  h.advance(5999);
  h.heartbeat(2, { connectionId: 12 });
  h.heartbeat(3, { connectionId: 13 });
  h.advance(1);
  assert.equal(h.fenceStale(), null, 'silent for 6 s exactly, connection open: still valid');
  h.advance(1);
  assert.equal(h.fenceStale(), 1);
});

test('the grace never extends a session: a close near the end of the session still expires at the session timeout', () => {
  const h = cluster();
  h.advance(5500);
  h.control.brokerConnectionClosed(11, h.nowMs);
  assert.equal(h.control.nextSessionExpiryMs(h.image), h.nowMs - 5500 + 6001);
});

test('the restarted incarnation of a broker whose connection closed registers once the grace has passed', () => {
  const h = cluster();
  h.control.brokerConnectionClosed(11, h.nowMs);
  h.advance(500);
  assert.equal(h.register(1, 1).errorCode, ErrorCode.DUPLICATE_BROKER_REGISTRATION, 'within the grace the old session is valid');
  h.advance(501);
  assert.equal(h.register(1, 1).errorCode, ErrorCode.NONE);
});

test('a newly active controller knows no connections: a close it never saw a heartbeat on does not shorten sessions', () => {
  const h = cluster();
  h.failover();
  h.control.brokerConnectionClosed(11, h.nowMs);
  h.advance(5000);
  assert.equal(h.fenceStale(), null);
});

test('several brokers disconnected: fenced one per call, the earliest expiry first', () => {
  const h = cluster();
  h.control.brokerConnectionClosed(13, h.nowMs);
  h.advance(200);
  h.control.brokerConnectionClosed(12, h.nowMs);
  h.advance(1001);
  assert.deepEqual([h.fenceStale(), h.fenceStale(), h.fenceStale()], [3, 2, null]);
});
