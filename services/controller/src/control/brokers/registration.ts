import { ErrorCode } from '@orderlab/kafka-protocol';
import {
  METADATA_VERSION_FEATURE,
  metadataRecord,
  partitionsWithIsrMember,
  uuidToString,
  type MetadataImage,
  type MetadataRecord,
} from '@orderlab/metadata';
import type { ControlConfig } from '../control-config';
import { apiError, type ApiError, type ControlResult, noRecords } from '../control-result';
import { leaderAndIsrUpdates } from '../partitions/leader-and-isr';
import type { HeartbeatTracker } from './heartbeat-tracker';

/** BrokerRegistrationRequest (api 62) as decoded, the fields the controller reads. */
export interface BrokerRegistrationRequest {
  readonly brokerId: number;
  readonly clusterId: string;
  readonly incarnationId: Buffer;
  readonly listeners: ReadonlyArray<{ readonly name: string; readonly host: string; readonly port: number; readonly securityProtocol: number }>;
  readonly features: ReadonlyArray<{ readonly name: string; readonly minSupportedVersion: number; readonly maxSupportedVersion: number }>;
  readonly rack: string | null;
  readonly isMigratingZkBroker?: boolean;
}

/** BrokerRegistrationResponse fields; errorMessage is for the log (the wire response has none). */
export interface BrokerRegistrationReply extends ApiError {
  readonly brokerEpoch: number;
}

const refused = (error: ApiError): ControlResult<BrokerRegistrationReply> => noRecords({ ...error, brokerEpoch: -1 });

/**
 * ClusterControlManager.registerBroker. Refused: another cluster id (INCONSISTENT_CLUSTER_ID);
 * another incarnation of the id with a live session (DUPLICATE_BROKER_REGISTRATION); a broker
 * that cannot run the finalized feature levels (UNSUPPORTED_VERSION). A new incarnation gets a
 * fenced RegisterBrokerRecord whose broker epoch is that record's own offset; if the previous
 * incarnation still sat in ISRs or led partitions (it died and came back before its session
 * expired), those partitions are first moved off it, as when it is fenced — so the new process
 * never inherits leaderships it has no data for. The same incarnation registering again (a
 * retried request) keeps its epoch and state.
 */
export function registerBroker(
  image: MetadataImage,
  req: BrokerRegistrationRequest,
  ctx: { readonly config: ControlConfig; readonly tracker: HeartbeatTracker; readonly nextOffset: number; readonly nowMs: number },
): ControlResult<BrokerRegistrationReply> {
  if (req.clusterId !== ctx.config.clusterId) {
    return refused(apiError(ErrorCode.INCONSISTENT_CLUSTER_ID, `Expected cluster ID ${ctx.config.clusterId}, but got cluster ID ${req.clusterId}`));
  }
  const existing = image.brokers.get(req.brokerId);
  const incarnation = uuidToString(req.incarnationId);
  const sameIncarnation = existing?.incarnationId === incarnation;
  if (existing && !sameIncarnation && ctx.tracker.hasValidSession(image, req.brokerId, ctx.nowMs)) {
    return refused(apiError(ErrorCode.DUPLICATE_BROKER_REGISTRATION, 'Another broker is registered with that broker id.'));
  }
  if (req.isMigratingZkBroker) return refused(apiError(ErrorCode.BROKER_ID_NOT_REGISTERED, 'Controller does not support registering ZK brokers.'));
  const featureProblem = unsupportedFeature(image, req);
  if (featureProblem) return refused(apiError(ErrorCode.UNSUPPORTED_VERSION, featureProblem));

  const records: MetadataRecord[] = sameIncarnation
    ? []
    : leaderAndIsrUpdates(image, partitionsWithIsrMember(image, req.brokerId), { brokerToRemove: req.brokerId });
  const brokerEpoch = sameIncarnation && existing ? existing.brokerEpoch : ctx.nextOffset + records.length;
  records.push(
    metadataRecord('RegisterBroker', {
      brokerId: req.brokerId,
      incarnationId: req.incarnationId,
      brokerEpoch,
      endPoints: req.listeners.map((l) => ({ name: l.name, host: l.host, port: l.port, securityProtocol: l.securityProtocol })),
      features: featuresOf(req),
      rack: req.rack,
      fenced: sameIncarnation && existing ? existing.fenced : true,
      inControlledShutdown: sameIncarnation && existing ? existing.inControlledShutdown : false,
    }),
  );
  ctx.tracker.register(req.brokerId, ctx.nowMs, !sameIncarnation);
  return { records, response: { errorCode: 0, errorMessage: null, brokerEpoch } };
}

/** Brokers that do not name metadata.version are taken to support only level 1 (3.0-IV1), as Kafka does. */
function featuresOf(req: BrokerRegistrationRequest): Array<{ name: string; minSupportedVersion: number; maxSupportedVersion: number }> {
  const listed = req.features.map((f) => ({ name: f.name, minSupportedVersion: f.minSupportedVersion, maxSupportedVersion: f.maxSupportedVersion }));
  if (listed.some((f) => f.name === METADATA_VERSION_FEATURE)) return listed;
  return [...listed, { name: METADATA_VERSION_FEATURE, minSupportedVersion: 1, maxSupportedVersion: 1 }];
}

/** Every finalized feature level must lie in the range the broker supports (an unlisted feature: level 0 only). */
function unsupportedFeature(image: MetadataImage, req: BrokerRegistrationRequest): string | null {
  const ranges = featuresOf(req);
  const names = new Set([...ranges.map((f) => f.name), ...image.features.keys()]);
  for (const name of names) {
    const finalized = image.features.get(name) ?? (name === METADATA_VERSION_FEATURE ? 1 : 0);
    const range = ranges.find((f) => f.name === name) ?? { minSupportedVersion: 0, maxSupportedVersion: 0 };
    if (finalized < range.minSupportedVersion || finalized > range.maxSupportedVersion) {
      return (
        `Unable to register because the broker does not support finalized version ${finalized} of ${name}. ` +
        `The broker wants a version between ${range.minSupportedVersion} and ${range.maxSupportedVersion}, inclusive.`
      );
    }
  }
  return null;
}
