import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodedError, isCodedError } from '../src';

test('a coded error keeps its code, message and details through JSON', () => {
  const e = new CodedError('CONFIG.INVALID', 'port must be a number', { field: 'port' });
  assert.equal(e.code, 'CONFIG.INVALID');
  assert.ok(isCodedError(e));
  assert.deepEqual(JSON.parse(JSON.stringify(e)), {
    code: 'CONFIG.INVALID',
    message: 'port must be a number',
    details: { field: 'port' },
  });
});
