import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ORDER_TOTAL_CENTS, ORDER_LIMITS, OrderPlacedSchema, decodeEvent, encodeEvent, itemsTotalCents, orderPlacedKey, type OrderPlaced } from '../src';

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

test('money is bounded: a forged total of 2^63 cents, or one above the items\' sum, is refused; the largest possible order passes', () => {
  const forged = decodeEvent(OrderPlacedSchema, Buffer.from(JSON.stringify({ ...v1, totalCents: 1 }).replace('"totalCents":1', '"totalCents":9223372036854775808')));
  assert.equal(forged.ok, false);
  assert.match(!forged.ok ? forged.error.message : '', /totalCents/);
  const inflated = decodeEvent(OrderPlacedSchema, encodeEvent({ ...v1, totalCents: 1901 }));
  assert.match(!inflated.ok ? inflated.error.message : '', /totalCents: exceeds the sum/);
  const items = Array.from({ length: ORDER_LIMITS.maxItems }, (_, i) => ({ sku: `s${i}`, qty: ORDER_LIMITS.maxQty, unitPriceCents: ORDER_LIMITS.maxUnitPriceCents }));
  const largest = decodeEvent(OrderPlacedSchema, encodeEvent({ ...v1, items, totalCents: MAX_ORDER_TOTAL_CENTS }));
  assert.ok(largest.ok);
  assert.ok(Number.isSafeInteger(MAX_ORDER_TOTAL_CENTS * 90), 'ninety of the largest orders still sum exactly');
  assert.equal(decodeEvent(OrderPlacedSchema, encodeEvent({ ...v1, items: [{ sku: 'tea', qty: 1, unitPriceCents: ORDER_LIMITS.maxUnitPriceCents + 1 }], totalCents: 0 })).ok, false);
});

test('city and SKU are printable names: control characters and padding are refused', () => {
  for (const city of ['Lahore\n', ' Lahore', 'La\u0000hore', '']) assert.equal(decodeEvent(OrderPlacedSchema, encodeEvent({ ...v1, city })).ok, false, JSON.stringify(city));
  assert.equal(decodeEvent(OrderPlacedSchema, encodeEvent({ ...v1, city: 'Dera Ghazi Khan' })).ok, true);
  assert.equal(decodeEvent(OrderPlacedSchema, encodeEvent({ ...v1, items: [{ sku: 'tea\t', qty: 1, unitPriceCents: 1 }], totalCents: 1 })).ok, false);
});
