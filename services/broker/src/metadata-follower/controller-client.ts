import { NodeChannels, type ApiPair } from '@orderlab/kafka-net';
import type { MessageInput, MessageOf, MessageSpec } from '@orderlab/kafka-protocol';
import type { Logger } from '@orderlab/shared';
import type { LeaderTracker } from './leader-tracker';

/** The request could not be served by any controller before its deadline. */
export class ControllerUnavailableError extends Error {}

/**
 * Requests from this broker to the active controller (registration, heartbeats, producer-id blocks,
 * forwarded admin requests): sent to the leader the tracker knows, or to the voters in turn; an
 * answer that says NOT_CONTROLLER (`isNotController`) or a dead connection moves on to the next
 * voter with backoff, until `deadlineMs`. Its own connections: the metadata fetch is parked at the
 * leader for up to its max wait, and nothing should queue behind it.
 */
export class ControllerClient {
  private readonly channels: NodeChannels;

  constructor(
    private readonly tracker: LeaderTracker,
    brokerId: number,
    private readonly logger: Logger,
  ) {
    this.channels = new NodeChannels({ clientId: `broker-${brokerId}`, connectTimeoutMs: 2000, logger });
    for (const v of tracker.voters) this.channels.setEndpoint(v.nodeId, v);
  }

  async send<Req extends MessageSpec, Res extends MessageSpec>(
    api: ApiPair<Req, Res>,
    version: number,
    body: MessageInput<Req>,
    isNotController: (res: MessageOf<Res>) => boolean,
    deadlineMs: number,
  ): Promise<{ controllerId: number; response: MessageOf<Res> }> {
    let lastProblem = 'no controller answered';
    for (;;) {
      const remaining = deadlineMs - Date.now();
      if (remaining <= 0) throw new ControllerUnavailableError(`${api.request.name}: ${lastProblem}`);
      const target = this.tracker.target();
      try {
        const response = await this.channels.request(target.nodeId, api, version, body, { timeoutMs: Math.max(remaining, 1) });
        if (!isNotController(response)) return { controllerId: target.nodeId, response };
        lastProblem = `controller ${target.nodeId} is not the active controller`;
      } catch (e) {
        lastProblem = `controller ${target.nodeId}: ${(e as Error).message}`;
      }
      const waitMs = this.tracker.failed(target.nodeId, Math.random());
      this.logger.debug({ api: api.request.name, controller: target.nodeId, problem: lastProblem, retryInMs: waitMs }, 'controller request retried');
      await new Promise((r) => setTimeout(r, Math.min(waitMs, Math.max(deadlineMs - Date.now(), 0))));
    }
  }

  close(): void {
    this.channels.close();
  }
}
