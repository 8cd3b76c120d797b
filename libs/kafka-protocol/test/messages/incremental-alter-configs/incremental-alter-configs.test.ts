import { test } from 'node:test';
import { ConfigOperation, IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from '../../../src';
import { checkFixture, versionsOf } from '../fixture-kit';

for (const v of versionsOf(IncrementalAlterConfigsRequest)) {
  test(`IncrementalAlterConfigs v${v} request and response (hand-written; v1 flexible)`, () => {
    checkFixture(IncrementalAlterConfigsRequest, 'incremental-alter-configs', v, 'request', {
      resources: [
        {
          resourceType: 2,
          resourceName: 'orders',
          configs: [
            { name: 'retention.ms', configOperation: ConfigOperation.SET, value: '3600000' },
            { name: 'cleanup.policy', configOperation: ConfigOperation.DELETE, value: null },
          ],
        },
      ],
      validateOnly: false,
    });
    checkFixture(IncrementalAlterConfigsResponse, 'incremental-alter-configs', v, 'response', { throttleTimeMs: 0, responses: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders' }] });
  });
}
