import { ErrorCode } from '@orderlab/kafka-protocol';
import type { BrokerRegistration, MetadataImage } from '@orderlab/metadata';
import { apiError, type ApiError } from '../control-result';

/**
 * ClusterControlManager.checkBrokerEpoch: a broker must name its current registration's epoch.
 * An unknown broker gets `unknownCode` — STALE_BROKER_EPOCH for heartbeats and AlterPartition
 * (so the broker re-registers), BROKER_ID_NOT_REGISTERED for AllocateProducerIds.
 */
export function checkBrokerEpoch(
  image: MetadataImage,
  brokerId: number,
  brokerEpoch: number,
  unknownCode: number = ErrorCode.STALE_BROKER_EPOCH,
): { ok: true; registration: BrokerRegistration } | { ok: false; error: ApiError } {
  const registration = image.brokers.get(brokerId);
  if (!registration) return { ok: false, error: apiError(unknownCode, `No broker registration found for broker id ${brokerId}`) };
  if (registration.brokerEpoch !== brokerEpoch) {
    return { ok: false, error: apiError(ErrorCode.STALE_BROKER_EPOCH, `Expected broker epoch ${registration.brokerEpoch}, but got broker epoch ${brokerEpoch}`) };
  }
  return { ok: true, registration };
}
