import { ManualClock, type Logger } from '@orderlab/shared';
import { GroupCoordinator, type GroupRecord, type JoinGroupInput, type JoinGroupResult, type SyncGroupResult } from '../../src/groups';

export const OFFSETS_PARTITIONS = 50;
/** offsets.retention.minutes of the harness: one hour. */
export const RETENTION_MS = 3_600_000;

/** A coordinator with a manual clock, sequential member ids, captured logs and an inspectable store. */
export function harness(options: { initialDelayMs?: number; holdPersistence?: boolean } = {}) {
  const clock = new ManualClock(1_000_000);
  const logs: string[] = [];
  const log = (_: Record<string, unknown>, msg: string) => logs.push(msg);
  const logger: Logger = { debug: log, info: log, warn: log, error: log };
  const stored: Array<{ partition: number; records: readonly GroupRecord[] }> = [];
  const held: Array<() => void> = [];
  const store = { errorCode: 0 };
  let nextId = 1;
  const coordinator = new GroupCoordinator({
    clock,
    logger,
    config: { initialRebalanceDelayMs: options.initialDelayMs ?? 100, minSessionTimeoutMs: 6000, maxSessionTimeoutMs: 300_000, maxGroupSize: 1000, offsetsPartitions: OFFSETS_PARTITIONS, maxMetadataBytes: 4096, offsetsRetentionMs: RETENTION_MS },
    newMemberId: (clientId) => `${clientId}-${nextId++}`,
    persistence: {
      persist(partition, records, done) {
        stored.push({ partition, records });
        const errorCode = store.errorCode;
        if (options.holdPersistence) held.push(() => done(errorCode));
        else done(errorCode);
      },
    },
  });
  for (let p = 0; p < OFFSETS_PARTITIONS; p++) coordinator.loadPartition(p, []);
  /** From now on every write to __consumer_offsets fails with this append error (0 = succeed again). */
  const failPersistence = (errorCode: number): void => {
    store.errorCode = errorCode;
  };
  return { clock, logs, stored, held, coordinator, failPersistence };
}

export type Harness = ReturnType<typeof harness>;

export function joinInput(groupId: string, overrides: Partial<JoinGroupInput> = {}): JoinGroupInput {
  return {
    groupId,
    memberId: '',
    groupInstanceId: null,
    clientId: 'c',
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: [{ name: 'roundrobin', metadata: Buffer.from('m') }],
    requireKnownMemberId: false,
    ...overrides,
  };
}

/** A parked request: `result` reads the answer once the coordinator gave it (a getter, so checks stay fresh). */
export interface Pending<T> {
  readonly result: T | undefined;
}

function pending<T>(start: (answer: (r: T) => void) => void): Pending<T> {
  let value: T | undefined;
  start((r) => (value = r));
  return {
    get result() {
      return value;
    },
  };
}

export function startJoin(h: Harness, input: JoinGroupInput): Pending<JoinGroupResult> {
  return pending((answer) => h.coordinator.join(input, answer));
}

export function startSync(h: Harness, groupId: string, memberId: string, generationId: number, assignments: Array<{ memberId: string; assignment: Buffer }> = []): Pending<SyncGroupResult> {
  return pending((answer) => h.coordinator.sync({ groupId, memberId, generationId, groupInstanceId: null, assignments }, answer));
}

/** Join n members and bring the group to Stable; returns member ids (leader first) and the generation. */
export function stableGroup(h: Harness, groupId: string, n: number, overrides: Partial<JoinGroupInput> = {}): { members: string[]; generation: number } {
  const joins = Array.from({ length: n }, () => startJoin(h, joinInput(groupId, overrides)));
  h.clock.advance(100); // the initial rebalance delay
  h.coordinator.tick();
  const results = joins.map((j) => j.result as JoinGroupResult);
  const leader = results.find((r) => r.members.length > 0) as JoinGroupResult;
  const assignments = results.map((r) => ({ memberId: r.memberId, assignment: Buffer.from(`a-${r.memberId}`) }));
  startSync(h, groupId, leader.memberId, leader.generationId, assignments);
  for (const r of results) if (r.memberId !== leader.memberId) startSync(h, groupId, r.memberId, r.generationId);
  return { members: [leader.memberId, ...results.filter((r) => r !== leader).map((r) => r.memberId)], generation: leader.generationId };
}
