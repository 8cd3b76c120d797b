import { hasLeaderships, type MetadataImage, type MetadataRecord } from '@orderlab/metadata';
import type { ControlResult, ApiError } from '../control-result';
import { noRecords } from '../control-result';
import { controlledShutdownRecords, fenceBrokerRecords, unfenceBrokerRecords } from '../partitions/leader-and-isr';
import { checkBrokerEpoch } from './broker-epoch';
import { currentBrokerState, isFencedState, nextBrokerState, type BrokerState, type HeartbeatIntent } from './broker-state';
import type { HeartbeatTracker } from './heartbeat-tracker';

/** BrokerHeartbeatRequest (api 63) as decoded, the fields the controller reads. */
export interface BrokerHeartbeatRequest extends HeartbeatIntent {
  readonly brokerId: number;
  readonly brokerEpoch: number;
}

/** BrokerHeartbeatResponse fields; errorMessage is for the log (the wire response has none). */
export interface BrokerHeartbeatReply extends ApiError {
  readonly isCaughtUp: boolean;
  readonly isFenced: boolean;
  readonly shouldShutDown: boolean;
}

/**
 * ReplicationControlManager.processBrokerHeartbeat: refreshes the broker's session and moves it
 * between fenced, unfenced and controlled shutdown, with the partition changes each move needs
 * (see leader-and-isr.ts). An unknown broker or a wrong epoch gets STALE_BROKER_EPOCH and must
 * register again.
 */
export function processHeartbeat(
  image: MetadataImage,
  req: BrokerHeartbeatRequest,
  ctx: { readonly tracker: HeartbeatTracker; readonly nextOffset: number; readonly nowMs: number; readonly connectionId?: number },
): ControlResult<BrokerHeartbeatReply> {
  const check = checkBrokerEpoch(image, req.brokerId, req.brokerEpoch);
  if (!check.ok) return noRecords({ ...check.error, isCaughtUp: false, isFenced: true, shouldShutDown: false });
  const registration = check.registration;
  const { tracker } = ctx;
  const current = currentBrokerState(registration, tracker);
  const next = nextBrokerState(current, registration, req, tracker, () => hasLeaderships(image, req.brokerId), () => tracker.lowestActiveOffset(image));
  const records = current === next ? [] : transitionRecords(image, req, next);
  tracker.touch(req.brokerId, ctx.nowMs, req.currentMetadataOffset, isFencedState(next), ctx.connectionId);
  if (next === 'CONTROLLED_SHUTDOWN') {
    // Done once every active broker has read the last record written so far, leadership moves included.
    tracker.beginControlledShutdown(req.brokerId, ctx.nextOffset + records.length - 1, ctx.nowMs);
  }
  return {
    records,
    response: {
      errorCode: 0,
      errorMessage: null,
      isCaughtUp: req.currentMetadataOffset >= registration.brokerEpoch,
      isFenced: isFencedState(next),
      shouldShutDown: next === 'SHUTDOWN_NOW',
    },
  };
}

function transitionRecords(image: MetadataImage, req: BrokerHeartbeatRequest, next: BrokerState): MetadataRecord[] {
  switch (next) {
    case 'FENCED':
    case 'SHUTDOWN_NOW':
      return image.brokers.get(req.brokerId)?.fenced ? [] : fenceBrokerRecords(image, req.brokerId, req.brokerEpoch);
    case 'UNFENCED':
      return unfenceBrokerRecords(image, req.brokerId, req.brokerEpoch);
    case 'CONTROLLED_SHUTDOWN':
      return controlledShutdownRecords(image, req.brokerId, req.brokerEpoch);
  }
}
