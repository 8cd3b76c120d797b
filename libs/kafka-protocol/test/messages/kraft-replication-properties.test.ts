import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FetchRequest, FetchResponse, Reader, decodeMessage, encodeMessage, type MessageOf, type MessageSpec } from '../../src';
import { kraftApiSchemas } from '../../src/messages/registry-kraft';
import { replicationApiSchemas } from '../../src/messages/registry-replication';
import { assertSubset, versionsOf } from './fixture-kit';
import { messageArbitrary } from './schema-arbitrary';

/**
 * Property-based round trips for the KRaft and replication schemas and Fetch's flexible
 * versions: any value of a version encodes, decodes to the same field values, and the decoded
 * value re-encodes to the same bytes. Replay a failure with FC_SEED=<seed>.
 */
const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = 150;

const specs: MessageSpec[] = [...kraftApiSchemas, ...replicationApiSchemas, { request: FetchRequest, response: FetchResponse }].flatMap((s): MessageSpec[] => [s.request, s.response]);

for (const spec of specs) {
  const versions = spec.apiKey === FetchRequest.apiKey ? versionsOf(spec).filter((v) => v >= 12) : versionsOf(spec);
  test(`${spec.name} v${versions[0]}-${versions[versions.length - 1]}: generated values round-trip (FC_SEED=${SEED})`, () => {
    for (const v of versions) {
      fc.assert(
        fc.property(messageArbitrary(spec, v), (value) => {
          const bytes = encodeMessage(spec, v, value as Partial<MessageOf<MessageSpec>>).toBuffer();
          const decoded = decodeMessage(spec, v, new Reader(bytes));
          assertSubset(value, decoded);
          assert.deepEqual(encodeMessage(spec, v, decoded).toBuffer(), bytes);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    }
  });
}
