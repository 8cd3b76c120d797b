import type { MessageSpec } from '../../schema/spec';

/** ListGroupsRequest.json (apache/kafka trunk): v3 flexible, v4 adds StatesFilter, v5 TypesFilter. */
export const ListGroupsRequest = {
  name: 'ListGroupsRequest',
  apiKey: 16,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'statesFilter', type: '[]string', versions: '4+' },
    { name: 'typesFilter', type: '[]string', versions: '5+' },
  ],
} as const satisfies MessageSpec;

export const ListGroupsResponse = {
  name: 'ListGroupsResponse',
  apiKey: 16,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'groups',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'groupId', type: 'string', versions: '0+' },
        { name: 'protocolType', type: 'string', versions: '0+' },
        { name: 'groupState', type: 'string', versions: '4+' },
        { name: 'groupType', type: 'string', versions: '5+' },
      ],
    },
  ],
} as const satisfies MessageSpec;
