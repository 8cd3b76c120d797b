import { allPartitions, isActiveBroker, type MetadataImage, type MetadataRecord } from '@orderlab/metadata';
import type { ControlResult } from '../control-result';
import { buildPartitionChange } from './partition-change';

/** True when some partition is not led by its preferred replica (the first one). */
export function leadersImbalanced(image: MetadataImage): boolean {
  return allPartitions(image).some((p) => p.leader !== p.replicas[0]);
}

/**
 * The periodic preferred-leader rebalance (auto.leader.rebalance.enable;
 * ReplicationControlManager.maybeBalancePartitionLeaders): every partition whose first replica
 * is in the ISR and active but does not lead gets it back as leader, at most `maxElections` per
 * pass. The response says whether more may remain (run again right away). The driver runs it
 * every leader.imbalance.check.interval.ms (Kafka 300 s) while leadersImbalanced().
 */
export function balancePartitionLeaders(image: MetadataImage, maxElections: number): ControlResult<{ readonly moreToDo: boolean }> {
  const records: MetadataRecord[] = [];
  for (const partition of allPartitions(image, (p) => p.leader !== p.replicas[0])) {
    if (records.length >= maxElections) break;
    const change = buildPartitionChange({ partition, election: 'PREFERRED', isAcceptableLeader: (b) => isActiveBroker(image, b) });
    if (change) records.push(change);
  }
  return { records, response: { moreToDo: records.length >= maxElections } };
}
