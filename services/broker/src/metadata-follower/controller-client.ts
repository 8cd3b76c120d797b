import { NodeChannels, type ApiPair } from '@orderlab/kafka-net';
import type { MessageInput, MessageOf, MessageSpec } from '@orderlab/kafka-protocol';
import type { Logger } from '@orderlab/shared';
import type { LeaderTracker } from './leader-tracker';

/** The request could not be served by any controller before its deadline. */
export class ControllerUnavailableError extends Error {}

/**
 * One attempt's share of a request's deadline (Kafka gives each attempt request.timeout.ms): a
 * controller that is frozen (SIGSTOP) or cut off, not dead, must not hold a request for all of it.
 * Just above the controller's own hold (--controller-request-timeout-ms, 5 s): a controller that
 * answers at all answers first, with REQUEST_TIMED_OUT naming what its quorum lacks. A frozen
 * leader is mostly left sooner: the attempt ends once the metadata follower learns the new leader.
 */
export const CONTROLLER_ATTEMPT_TIMEOUT_MS = 6000;

/** An attempt abandoned because the metadata log named another leader meanwhile. */
const LEADER_MOVED = Symbol('leader-moved');

/**
 * Requests from this broker to the active controller (registration, heartbeats, producer-id blocks,
 * forwarded admin requests): sent to the leader the tracker knows, or to the voters in turn; an
 * answer that says NOT_CONTROLLER (`isNotController`) or a dead connection moves on to the next
 * voter with backoff, until `deadlineMs`. Each attempt gets at most `attemptTimeoutMs` and ends at
 * once when the tracker learns another leader (the metadata follower hears of elections), so a
 * frozen old leader costs one attempt, not the whole deadline. Its own connections: the metadata
 * fetch is parked at the leader for up to its max wait, and nothing should queue behind it.
 */
export class ControllerClient {
  private readonly channels: NodeChannels;

  constructor(
    private readonly tracker: LeaderTracker,
    brokerId: number,
    private readonly logger: Logger,
    private readonly attemptTimeoutMs = CONTROLLER_ATTEMPT_TIMEOUT_MS,
  ) {
    this.channels = new NodeChannels({ clientId: `broker-${brokerId}`, connectTimeoutMs: 2000, logger });
    for (const v of tracker.voters) this.channels.setEndpoint(v.nodeId, v);
  }

  async send<Req extends MessageSpec, Res extends MessageSpec>(
    api: ApiPair<Req, Res>,
    version: number,
    body: MessageInput<Req> | ((remainingMs: number) => MessageInput<Req>),
    isNotController: (res: MessageOf<Res>) => boolean,
    deadlineMs: number,
  ): Promise<{ controllerId: number; response: MessageOf<Res> }> {
    // A request that carries its own timeout gets, per attempt, what is left of the deadline: a
    // controller must not hold (and later commit) a copy after this broker answered the client.
    const bodyFor = typeof body === 'function' ? body : () => body;
    let lastProblem = 'no controller answered';
    // Controllers that failed this request: a voter that has not noticed one of them died still
    // names it leader, and that hearsay must not pull an attempt away from a live controller.
    const failedHere = new Set<number>();
    for (;;) {
      const remaining = deadlineMs - Date.now();
      if (remaining <= 0) throw new ControllerUnavailableError(`${api.request.name}: ${lastProblem}`);
      const target = this.tracker.target();
      try {
        const timeoutMs = Math.max(Math.min(remaining, this.attemptTimeoutMs), 1);
        const response = await this.untilLeaderMoves(target.nodeId, failedHere, this.channels.request(target.nodeId, api, version, bodyFor(remaining), { timeoutMs }));
        if (response === LEADER_MOVED) {
          this.logger.debug({ api: api.request.name, from: target.nodeId, to: this.tracker.leader.leaderId }, 'controller request resent to the new leader');
          continue;
        }
        if (!isNotController(response)) return { controllerId: target.nodeId, response };
        lastProblem = `controller ${target.nodeId} is not the active controller`;
      } catch (e) {
        lastProblem = `controller ${target.nodeId}: ${(e as Error).message}`;
        failedHere.add(target.nodeId);
      }
      const waitMs = this.tracker.failed(target.nodeId, Math.random());
      this.logger.debug({ api: api.request.name, controller: target.nodeId, problem: lastProblem, retryInMs: waitMs }, 'controller request retried');
      await new Promise((r) => setTimeout(r, Math.min(waitMs, Math.max(deadlineMs - Date.now(), 0))));
    }
  }

  /** The attempt's answer, or LEADER_MOVED as soon as the tracker learns a leader other than `nodeId` (and not one that already failed). */
  private untilLeaderMoves<T>(nodeId: number, failed: ReadonlySet<number>, attempt: Promise<T>): Promise<T | typeof LEADER_MOVED> {
    let unsubscribe: () => void = () => undefined;
    const moved = new Promise<typeof LEADER_MOVED>((resolve) => {
      unsubscribe = this.tracker.onLeaderLearnt((leader) => {
        if (leader.leaderId !== nodeId && !failed.has(leader.leaderId)) resolve(LEADER_MOVED);
      });
    });
    // The abandoned attempt may still fail later; nobody waits for it then.
    attempt.catch(() => undefined);
    return Promise.race([attempt, moved]).finally(unsubscribe);
  }

  close(): void {
    this.channels.close();
  }
}
