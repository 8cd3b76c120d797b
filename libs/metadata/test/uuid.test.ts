import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ZERO_UUID, uuidFromString, uuidToString } from '../src';

test("uuids print as Kafka prints them (URL-safe base64, no padding) and parse back", () => {
  const bytes = Buffer.from('25debf4677794397bdc652e9499d68fc', 'hex');
  assert.equal(uuidToString(bytes), 'Jd6_Rnd5Q5e9xlLpSZ1o_A');
  assert.deepEqual(uuidFromString('Jd6_Rnd5Q5e9xlLpSZ1o_A'), bytes);
  assert.equal(ZERO_UUID, 'AAAAAAAAAAAAAAAAAAAAAA');
});

test('text that is not a 16-byte uuid is a RangeError', () => {
  for (const bad of ['', 'abc', 'Jd6_Rnd5Q5e9xlLpSZ1o_A=', 'Jd6_Rnd5Q5e9xlLpSZ1o_AAA', 'Jd6+RndXQ5e9xlLpSZ1o/A']) {
    assert.throws(() => uuidFromString(bad), RangeError, bad);
  }
});
