import { randomBytes } from 'node:crypto';
import {
  BrokerHeartbeatRequest,
  BrokerHeartbeatResponse,
  BrokerRegistrationRequest,
  BrokerRegistrationResponse,
  ErrorCode,
} from '@orderlab/kafka-protocol';
import { METADATA_VERSION_FEATURE, METADATA_VERSION_LEVEL, uuidToString } from '@orderlab/metadata';
import type { Logger } from '@orderlab/shared';
import type { ControllerClient } from './controller-client';

export type BrokerState = 'unregistered' | 'fenced' | 'unfenced' | 'shutting-down';

export interface LifecycleOptions {
  readonly brokerId: number;
  readonly clusterId: string;
  readonly listener: { readonly host: string; readonly port: number };
  readonly heartbeatIntervalMs: number;
  /** The offset of the last metadata record this broker applied (heartbeats report it). */
  readonly appliedOffset: () => number;
  /** Registration refused for good (another cluster's controller): the process must stop. */
  readonly onFatal: (message: string) => void;
}

const NOT_CONTROLLER = (code: number): boolean => code === ErrorCode.NOT_CONTROLLER;

/**
 * KRaft's broker lifecycle (BrokerLifecycleManager): BrokerRegistration with a new incarnation id
 * per process start, then BrokerHeartbeat every interval reporting the applied metadata offset.
 * The controller unfences the broker once it has caught up with its own registration, fences it
 * when heartbeats stop for a session timeout (a SIGSTOP), and unfences it again once it heartbeats
 * and is caught up; an unknown or stale broker epoch means registering again. Every state change
 * is logged.
 */
export class BrokerLifecycle {
  readonly incarnationId = randomBytes(16);
  private stateValue: BrokerState = 'unregistered';
  private brokerEpochValue = -1;
  private controllerId = -1;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly stateListeners: Array<(s: BrokerState) => void> = [];
  private lastRefusal = 0;
  private busy = false;

  constructor(
    private readonly client: ControllerClient,
    private readonly options: LifecycleOptions,
    private readonly logger: Logger,
  ) {}

  get state(): BrokerState {
    return this.stateValue;
  }

  get brokerEpoch(): number {
    return this.brokerEpochValue;
  }

  /** The controller that answered the last heartbeat (-1 before any). */
  get heartbeatController(): number {
    return this.controllerId;
  }

  onState(listener: (s: BrokerState) => void): void {
    this.stateListeners.push(listener);
  }

  start(): void {
    this.running = true;
    this.logger.info({ incarnationId: uuidToString(this.incarnationId) }, 'registering with the controller quorum');
    void this.tick();
  }

  /** Controlled shutdown (wantShutDown) so the controller fences us at once, bounded by `timeoutMs`. */
  async shutDown(timeoutMs: number): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.brokerEpochValue < 0) return;
    this.setState('shutting-down');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const r = await this.heartbeat(true, deadline);
        if (r.errorCode !== ErrorCode.NONE || r.shouldShutDown) return;
      } catch {
        return;
      }
      await new Promise((res) => setTimeout(res, Math.min(100, Math.max(0, deadline - Date.now()))));
    }
  }

  /**
   * The follower applied more metadata: a fenced broker that has now caught up with its own
   * registration heartbeats at once instead of at the next interval, so it is unfenced sooner.
   */
  metadataAdvanced(): void {
    if (!this.running || this.busy || this.stateValue !== 'fenced' || this.brokerEpochValue < 0) return;
    if (this.options.appliedOffset() < this.brokerEpochValue) return;
    if (this.timer) clearTimeout(this.timer);
    void this.tick();
  }

  private async tick(): Promise<void> {
    if (!this.running || this.busy) return;
    this.busy = true;
    try {
      if (this.brokerEpochValue < 0) await this.register();
      else await this.beat();
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'no controller answered the broker heartbeat');
    } finally {
      this.busy = false;
    }
    if (this.running) this.timer = setTimeout(() => void this.tick(), this.options.heartbeatIntervalMs);
  }

  private async register(): Promise<void> {
    const o = this.options;
    const { controllerId, response } = await this.client.send(
      { request: BrokerRegistrationRequest, response: BrokerRegistrationResponse },
      2,
      {
        brokerId: o.brokerId,
        clusterId: o.clusterId,
        incarnationId: this.incarnationId,
        listeners: [{ name: 'PLAINTEXT', host: o.listener.host, port: o.listener.port, securityProtocol: 0 }],
        features: [{ name: METADATA_VERSION_FEATURE, minSupportedVersion: 1, maxSupportedVersion: METADATA_VERSION_LEVEL }],
        rack: null,
        isMigratingZkBroker: false,
        logDirs: [],
      },
      (r) => NOT_CONTROLLER(r.errorCode),
      Date.now() + o.heartbeatIntervalMs * 3,
    );
    if (response.errorCode === ErrorCode.INCONSISTENT_CLUSTER_ID) {
      o.onFatal(`controller ${controllerId} refused the registration: INCONSISTENT_CLUSTER_ID — this broker's cluster id ${o.clusterId} is not the quorum's (check --cluster-id and meta.properties)`);
      return;
    }
    if (response.errorCode !== ErrorCode.NONE) {
      // DUPLICATE_BROKER_REGISTRATION: our previous incarnation's session has not expired yet (a
      // restart after SIGKILL); it will within the session timeout, so keep trying.
      if (Date.now() - this.lastRefusal > 5000) this.logger.info({ controller: controllerId, errorCode: response.errorCode }, `registration refused with error ${response.errorCode}; retrying`);
      this.lastRefusal = Date.now();
      return;
    }
    this.brokerEpochValue = response.brokerEpoch;
    this.controllerId = controllerId;
    this.logger.info({ controller: controllerId, brokerEpoch: response.brokerEpoch }, 'registered with the controller (fenced until caught up)');
    this.setState('fenced');
    await this.beat();
  }

  private async beat(): Promise<void> {
    const r = await this.heartbeat(false, Date.now() + this.options.heartbeatIntervalMs * 2);
    if (r.errorCode === ErrorCode.STALE_BROKER_EPOCH || r.errorCode === ErrorCode.BROKER_ID_NOT_REGISTERED) {
      this.logger.warn({ errorCode: r.errorCode, brokerEpoch: this.brokerEpochValue }, 'the controller does not know this registration: registering again');
      this.brokerEpochValue = -1;
      this.setState('unregistered');
      return;
    }
    if (r.errorCode !== ErrorCode.NONE) {
      this.logger.warn({ errorCode: r.errorCode }, `broker heartbeat answered error ${r.errorCode}`);
      return;
    }
    this.setState(r.isFenced ? 'fenced' : 'unfenced');
  }

  private async heartbeat(wantShutDown: boolean, deadlineMs: number) {
    const { controllerId, response } = await this.client.send(
      { request: BrokerHeartbeatRequest, response: BrokerHeartbeatResponse },
      0,
      { brokerId: this.options.brokerId, brokerEpoch: this.brokerEpochValue, currentMetadataOffset: this.options.appliedOffset(), wantFence: false, wantShutDown },
      (res) => NOT_CONTROLLER(res.errorCode),
      deadlineMs,
    );
    if (controllerId !== this.controllerId) {
      if (this.controllerId >= 0) this.logger.info({ from: this.controllerId, to: controllerId }, `heartbeats now go to controller ${controllerId}`);
      this.controllerId = controllerId;
    }
    return response;
  }

  private setState(next: BrokerState): void {
    if (next === this.stateValue) return;
    const previous = this.stateValue;
    this.stateValue = next;
    this.logger.info({ from: previous, to: next, brokerEpoch: this.brokerEpochValue }, `broker ${next}`);
    for (const l of this.stateListeners) l(next);
  }
}
