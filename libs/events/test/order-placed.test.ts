import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrderPlacedSchema, decodeEvent, encodeEvent, itemsTotalCents, orderPlacedKey, type OrderPlaced } from '../src';

const v1: OrderPlaced = {
  type: 'OrderPlaced',
  schemaVersion: 1,
  orderId: 'o-1',
  customerId: 'c-42',
  city: 'Lahore',
  items: [{ sku: 'tea', qty: 2, unitPriceCents: 350 }, { sku: 'cup', qty: 1, unitPriceCents: 1200 }],
  currency: 'PKR',
  totalCents: 1900,
  placedAt: '2026-11-24T10:00:00.000Z',
};

test('a v1 event round-trips and is keyed by customer', () => {
  const decoded = decodeEvent(OrderPlacedSchema, encodeEvent(v1));
  assert.deepEqual(decoded, { ok: true, value: v1 });
  assert.equal(orderPlacedKey(v1), 'c-42');
  assert.equal(itemsTotalCents(v1.items), 1900);
});

test('schema evolution: a v2 event with an added optional field is accepted by a v1 consumer', () => {
  const v2 = { ...v1, schemaVersion: 2, discountCents: 100, totalCents: 1800 };
  const decoded = decodeEvent(OrderPlacedSchema, encodeEvent(v2));
  assert.ok(decoded.ok);
  assert.equal(decoded.ok && decoded.value.totalCents, 1800);
  assert.equal(decoded.ok && 'discountCents' in decoded.value, false, 'the unknown field is dropped, not an error');
});

test('invalid events are refused with the failing fields named', () => {
  const bad = decodeEvent(OrderPlacedSchema, encodeEvent({ ...v1, items: [], currency: 'euro' }));
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.error.message : '', /items/);
  assert.match(!bad.ok ? bad.error.message : '', /currency/);
  const notJson = decodeEvent(OrderPlacedSchema, Buffer.from('{oops'));
  assert.equal(!notJson.ok && notJson.error.code, 'EVENT.NOT_JSON');
  assert.equal(!decodeEvent(OrderPlacedSchema, null).ok, true);
});
