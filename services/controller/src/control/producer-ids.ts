import { ErrorCode } from '@orderlab/kafka-protocol';
import { PRODUCER_ID_BLOCK_SIZE, metadataRecord, type MetadataImage } from '@orderlab/metadata';
import { apiError, noRecords, type ApiError, type ControlResult } from './control-result';
import { checkBrokerEpoch } from './brokers/broker-epoch';

/** AllocateProducerIdsRequest (api 67). */
export interface AllocateProducerIdsRequest {
  readonly brokerId: number;
  readonly brokerEpoch: number;
}

/** AllocateProducerIdsResponse fields (errorMessage for the log). */
export interface AllocateProducerIdsReply extends ApiError {
  readonly producerIdStart: number;
  readonly producerIdLen: number;
}

/**
 * ProducerIdControlManager.generateNextProducerId: the next unused block of 1000 producer ids,
 * taken through the log (a ProducerIdsRecord moves the image's next id past the block), so no
 * two brokers — and no broker after a controller failover — ever get the same id. An unknown
 * broker gets BROKER_ID_NOT_REGISTERED (the broker retries; KRaft itself answers
 * STALE_BROKER_EPOCH there), a wrong epoch STALE_BROKER_EPOCH.
 */
export function allocateProducerIds(image: MetadataImage, req: AllocateProducerIdsRequest): ControlResult<AllocateProducerIdsReply> {
  const refused = (error: ApiError) => noRecords({ ...error, producerIdStart: -1, producerIdLen: 0 });
  const check = checkBrokerEpoch(image, req.brokerId, req.brokerEpoch, ErrorCode.BROKER_ID_NOT_REGISTERED);
  if (!check.ok) return refused(check.error);
  const start = image.nextProducerId;
  if (start > Number.MAX_SAFE_INTEGER - PRODUCER_ID_BLOCK_SIZE) {
    return refused(apiError(ErrorCode.UNKNOWN_SERVER_ERROR, "Exhausted all producerIds: the next block would pass 2^53, the largest id a JavaScript number holds exactly"));
  }
  return {
    records: [metadataRecord('ProducerIds', { brokerId: req.brokerId, brokerEpoch: req.brokerEpoch, nextProducerId: start + PRODUCER_ID_BLOCK_SIZE })],
    response: { errorCode: 0, errorMessage: null, producerIdStart: start, producerIdLen: PRODUCER_ID_BLOCK_SIZE },
  };
}
