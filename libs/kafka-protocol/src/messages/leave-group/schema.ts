import type { MessageSpec } from '../../schema/spec';

/**
 * LeaveGroupRequest.json (apache/kafka trunk): v3 replaces MemberId by a batch of Members
 * (KIP-345), v4 is flexible, v5 adds a per-member Reason.
 */
export const LeaveGroupRequest = {
  name: 'LeaveGroupRequest',
  apiKey: 13,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0-2' },
    {
      name: 'members',
      type: '[]struct',
      versions: '3+',
      fields: [
        { name: 'memberId', type: 'string', versions: '3+' },
        { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
        { name: 'reason', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const LeaveGroupResponse = {
  name: 'LeaveGroupResponse',
  apiKey: 13,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'members',
      type: '[]struct',
      versions: '3+',
      fields: [
        { name: 'memberId', type: 'string', versions: '3+' },
        { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+' },
        { name: 'errorCode', type: 'int16', versions: '3+' },
      ],
    },
  ],
} as const satisfies MessageSpec;
