import type { GroupService } from '../coordination/group-service';
import type { ReplicaManager } from '../partitions/replica-manager';
import type { AdminHttpServer } from './admin-http-server';
import { groupLag } from './group-lag';

/** GET /groups and GET /groups/:id — state, members, per-partition committed offsets and lag. */
export function routeGroups(admin: AdminHttpServer, groups: GroupService, replicas: ReplicaManager): void {
  admin.route('GET', '/groups', () => ({
    status: 200,
    body: groups.coordinator.describeAll().map((view) => {
      const lag = groupLag(view, replicas);
      return { groupId: lag.groupId, state: lag.state, protocolType: lag.protocolType, members: lag.members.length, totalLag: lag.totalLag, totalLagReadCommitted: lag.totalLagReadCommitted };
    }),
  }));
  admin.route('GET', '/groups/:id', (_req, params) => {
    const view = groups.coordinator.describe(params.id ?? '');
    if (!view) return { status: 404, body: { error: 'GROUP_NOT_FOUND', message: `no group ${params.id} on this broker` } };
    return { status: 200, body: groupLag(view, replicas) };
  });
}
