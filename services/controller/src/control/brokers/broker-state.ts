import type { BrokerRegistration } from '@orderlab/metadata';
import type { HeartbeatTracker } from './heartbeat-tracker';

/** Kafka's BrokerControlState: where a broker is, and where a heartbeat moves it. */
export type BrokerState = 'FENCED' | 'UNFENCED' | 'CONTROLLED_SHUTDOWN' | 'SHUTDOWN_NOW';

export interface HeartbeatIntent {
  readonly currentMetadataOffset: number;
  readonly wantFence: boolean;
  readonly wantShutDown: boolean;
}

export function currentBrokerState(registration: BrokerRegistration, tracker: HeartbeatTracker): BrokerState {
  if (tracker.isShuttingDown(registration.brokerId)) return 'CONTROLLED_SHUTDOWN';
  return registration.fenced ? 'FENCED' : 'UNFENCED';
}

/**
 * BrokerHeartbeatManager.calculateNextBrokerState. A fenced broker is unfenced once it has read
 * the log up to its own registration (its broker epoch) and does not ask to stay fenced — unless
 * it shut down in a controlled way (Kafka would unfence it; see below). An
 * unfenced broker asking to shut down enters controlled shutdown while it still leads
 * partitions; it may stop once it leads none and every active broker has read the log past the
 * leadership changes (lowestActiveOffset ≥ its controlled-shutdown offset).
 */
export function nextBrokerState(
  current: BrokerState,
  registration: BrokerRegistration,
  intent: HeartbeatIntent,
  tracker: HeartbeatTracker,
  leadsPartitions: () => boolean,
  lowestActiveOffset: () => number,
): BrokerState {
  switch (current) {
    case 'FENCED':
      if (intent.wantShutDown) return 'SHUTDOWN_NOW';
      // A broker that went through controlled shutdown stays fenced until it registers a new
      // incarnation: its registration still says inControlledShutdown, so unfencing it would make
      // an unfenced broker that may not lead, and the unfence itself would elect it leader.
      if (registration.inControlledShutdown) return 'FENCED';
      if (!intent.wantFence && intent.currentMetadataOffset >= registration.brokerEpoch) return 'UNFENCED';
      return 'FENCED';
    case 'UNFENCED':
      if (intent.wantFence) return intent.wantShutDown ? 'SHUTDOWN_NOW' : 'FENCED';
      if (intent.wantShutDown) return leadsPartitions() ? 'CONTROLLED_SHUTDOWN' : 'SHUTDOWN_NOW';
      return 'UNFENCED';
    case 'CONTROLLED_SHUTDOWN':
      if (leadsPartitions()) return 'CONTROLLED_SHUTDOWN';
      return tracker.controlledShutdownOffset(registration.brokerId) <= lowestActiveOffset() ? 'SHUTDOWN_NOW' : 'CONTROLLED_SHUTDOWN';
    case 'SHUTDOWN_NOW':
      return 'SHUTDOWN_NOW';
  }
}

export const isFencedState = (s: BrokerState): boolean => s === 'FENCED' || s === 'SHUTDOWN_NOW';
