/**
 * Checks for the produce/fetch/metadata/admin APIs, on top of the group-API kit: kafkajs
 * 2.2.4 is the independent implementation. A request kafkajs encodes must decode with our
 * codec and re-encode to the same bytes; a response we encode must decode with kafkajs.
 * Selected fields are then compared by hand (`check`), so a wrong layout cannot pass by symmetry.
 */
import assert from 'node:assert/strict';
import { Reader, decodeMessage, encodeMessage, type MessageInput, type MessageOf, type MessageSpec } from '../../src';
import { generatedFixture, kafkajsRequest, kafkajsResponse } from './group-kit';

export async function kafkajsRequestRoundTrip<M extends MessageSpec>(spec: M, dir: string, api: string, version: number, args: unknown, check: (decoded: MessageOf<M>) => void): Promise<void> {
  const req = kafkajsRequest(api, version)(args);
  assert.equal(req.apiVersion, version);
  const theirs = Buffer.from((await req.encode()).buffer);
  const fixture = generatedFixture(spec, dir, version, 'request', theirs, 'Bytes from the kafkajs 2.2.4 request encoder.');
  assert.deepEqual(theirs, fixture, 'kafkajs encoding equals the fixture');
  const decoded = decodeMessage(spec, version, new Reader(fixture));
  assert.deepEqual(encodeMessage(spec, version, decoded).toBuffer(), fixture, 'our re-encoding is byte-identical');
  check(decoded);
}

export async function kafkajsResponseDecode<M extends MessageSpec>(spec: M, dir: string, api: string, version: number, value: MessageInput<M>, check: (kafkajsDecoded: Record<string, unknown>) => void): Promise<void> {
  const ours = encodeMessage(spec, version, value).toBuffer();
  const fixture = generatedFixture(spec, dir, version, 'response', ours, 'Bytes from our encoder, read back by the kafkajs 2.2.4 response decoder.');
  assert.deepEqual(ours, fixture, 'our encoding equals the fixture');
  assert.deepEqual(encodeMessage(spec, version, decodeMessage(spec, version, new Reader(fixture))).toBuffer(), fixture, 'our decode/encode round trip');
  check((await kafkajsResponse(api, version).decode(fixture)) as Record<string, unknown>);
}
