import type { RaftCore } from './core';
import { observeResponseLeader } from './handlers/observe-leader';
import { problemWith } from './handlers/validate-message';
import { isResponse, type RaftMessage } from './messages';
import { ROLE_BEHAVIOR } from './roles';

/** One incoming message: check it, learn epochs from responses, then the current role's handler. */
export function step(core: RaftCore, message: RaftMessage): void {
  const problem = problemWith(message);
  if (problem !== undefined || message.to !== core.id) {
    core.logger.warn({ nodeId: core.id, problem: problem ?? `addressed to ${message.to}` }, 'raft message dropped');
    return;
  }
  if (isResponse(message)) {
    if (!core.isVoter(message.from)) return;
    observeResponseLeader(core, message);
  }
  const handler = ROLE_BEHAVIOR[core.state.role].handlers[message.type] as ((c: RaftCore, m: RaftMessage) => void) | undefined;
  handler?.(core, message);
}

export function tick(core: RaftCore): void {
  core.now += 1;
  ROLE_BEHAVIOR[core.state.role].tick(core);
}
