import type { MetadataRecord } from '@orderlab/metadata';

/**
 * What every decision of the active controller returns: records to append to the metadata log
 * as ONE atomic batch (possibly none), and the response to send once they are committed. With no
 * records, the response still waits until everything appended before it is committed — as
 * Kafka's QuorumController answers a read after its earlier writes — so a caller never sees a
 * state that could still be lost.
 *
 * Contract for the driver: apply the records to its working (uncommitted) image right away, in
 * order (applyBatch from libs/metadata), so the next decision sees them (a second AllocateProducerIds must not get the same
 * block); on losing leadership, throw the working image away and resume from the committed one.
 */
export interface ControlResult<R> {
  readonly records: readonly MetadataRecord[];
  readonly response: R;
}

/** A Kafka error as clients see it: code and message (null = the code's default text). */
export interface ApiError {
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

export const NO_ERROR: ApiError = { errorCode: 0, errorMessage: null };

export const apiError = (errorCode: number, errorMessage: string | null = null): ApiError => ({ errorCode, errorMessage });

export const noRecords = <R>(response: R): ControlResult<R> => ({ records: [], response });
