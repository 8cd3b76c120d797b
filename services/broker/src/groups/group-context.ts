import type { Clock, Logger } from '@orderlab/shared';
import type { Group } from './group';
import type { GroupCoordinatorConfig } from './types';

/** What the phase functions may use: time, ids, config, logging, and durable group writes. */
export interface GroupContext {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: GroupCoordinatorConfig;
  newMemberId(clientId: string): string;
  /** Persist the group's metadata (after a rebalance completes, or when it empties). */
  persistGroup(group: Group, done: (errorCode: number) => void): void;
}
