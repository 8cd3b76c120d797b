import {
  ControlRecordType,
  LeaderChangeMessage,
  controlTypeOf,
  decodeControlValue,
  decodeLogBatch,
  encodeControlBatch,
  encodeControlValue,
  encodeDataBatch,
} from '@orderlab/metadata';
import { DecodeError } from '@orderlab/kafka-protocol';
import { decodeLeaderChange, encodeLeaderChange, type LogBatch } from '@orderlab/raft';

/**
 * Raft's LogBatch ↔ the bytes of the `__cluster_metadata` log (RecordBatch v2, Kafka's format).
 * The core encodes its LeaderChange control record as JSON; on disk and on the wire it is Kafka's
 * LeaderChangeMessage control record. Bytes are remembered per batch object: a batch fetched from
 * the leader is stored exactly as received, and a stored batch is served without re-encoding.
 */
export class LogBatchCodec {
  private readonly bytesOf = new WeakMap<LogBatch, Buffer>();

  constructor(private readonly now: () => number) {}

  encode(batch: LogBatch): Buffer {
    const known = this.bytesOf.get(batch);
    if (known) return known;
    const bytes = batch.control ? this.encodeLeaderChange(batch) : encodeDataBatch({ baseOffset: batch.baseOffset, epoch: batch.epoch, timestamp: this.now(), values: batch.records });
    this.bytesOf.set(batch, bytes);
    return bytes;
  }

  /** Throws DecodeError for bytes that are not a metadata log batch we can follow. */
  decode(bytes: Buffer): LogBatch {
    const decoded = decodeLogBatch(bytes);
    let batch: LogBatch;
    if (decoded.control) {
      if (controlTypeOf(decoded) !== ControlRecordType.LEADER_CHANGE) {
        throw new DecodeError('DECODE.INVALID_VALUE', `control batch of type ${controlTypeOf(decoded)} at offset ${decoded.baseOffset} in the metadata log`);
      }
      const lc = decodeControlValue(LeaderChangeMessage, decoded.records[0]!.value);
      const record = encodeLeaderChange({ leaderId: lc.leaderId, voters: lc.voters.map((v) => v.voterId), grantingVoters: lc.grantingVoters.map((v) => v.voterId) });
      batch = { baseOffset: decoded.baseOffset, epoch: decoded.epoch, records: [record], control: true };
    } else {
      const records = decoded.records.map((r, i) => {
        if (r.value === null) throw new DecodeError('DECODE.NULL_NOT_ALLOWED', `metadata record at offset ${decoded.baseOffset + i} has no value`);
        return r.value;
      });
      batch = { baseOffset: decoded.baseOffset, epoch: decoded.epoch, records, control: false };
    }
    this.bytesOf.set(batch, bytes);
    return batch;
  }

  private encodeLeaderChange(batch: LogBatch): Buffer {
    const lc = batch.records.length === 1 ? decodeLeaderChange(batch.records[0]!) : undefined;
    if (!lc) throw new DecodeError('DECODE.INVALID_VALUE', `control batch at offset ${batch.baseOffset} is not a LeaderChange`);
    const value = encodeControlValue(LeaderChangeMessage, {
      version: 0,
      leaderId: lc.leaderId,
      voters: lc.voters.map((voterId) => ({ voterId })),
      grantingVoters: lc.grantingVoters.map((voterId) => ({ voterId })),
    });
    return encodeControlBatch({ baseOffset: batch.baseOffset, epoch: batch.epoch, timestamp: this.now(), type: ControlRecordType.LEADER_CHANGE, value });
  }
}
