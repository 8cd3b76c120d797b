import type { MetadataImage } from '@orderlab/metadata';
import { noRecords, type ControlResult } from '../control-result';
import { fenceBrokerRecords } from '../partitions/leader-and-isr';
import type { HeartbeatTracker } from './heartbeat-tracker';

/**
 * ReplicationControlManager.maybeFenceOneStaleBroker: fences the unfenced broker whose session
 * expired longest ago, if any. One per call, as Kafka does, so each fencing's leadership moves are
 * in the image before the next broker's are decided; the driver calls again until it gets null
 * (and at tracker.nextExpiryMs otherwise). The response is the fenced broker's id.
 */
export function fenceStaleBroker(image: MetadataImage, tracker: HeartbeatTracker, nowMs: number): ControlResult<number | null> {
  const brokerId = tracker.staleBroker(image, nowMs);
  const registration = brokerId === undefined ? undefined : image.brokers.get(brokerId);
  if (!registration) return noRecords(null);
  return { records: fenceBrokerRecords(image, registration.brokerId, registration.brokerEpoch), response: registration.brokerId };
}
