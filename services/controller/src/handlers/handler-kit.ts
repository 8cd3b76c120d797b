import { ErrorCode } from '@orderlab/kafka-protocol';
import type { Logger } from '@orderlab/shared';
import type { ActiveController, Decision } from '../active/active-controller';
import { ControllerUnavailable } from '../active/controller-errors';

export interface ControllerHandlerDeps {
  readonly controller: ActiveController;
  readonly logger: Logger;
}

export type Decided<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly errorCode: number; readonly errorMessage: string };

/**
 * Runs a decision on the active controller and turns "cannot" into Kafka's answer:
 * NOT_CONTROLLER (41) when another node leads or leadership was lost before the commit,
 * REQUEST_TIMED_OUT (7) when no quorum committed it in time. Both are retriable.
 */
export async function decide<R>(deps: ControllerHandlerDeps, api: string, decision: Decision<R>, timeoutMs?: number): Promise<Decided<R>> {
  try {
    return { ok: true, value: await deps.controller.submit(decision, timeoutMs) };
  } catch (e) {
    if (!(e instanceof ControllerUnavailable)) throw e;
    const errorCode = e.code === 'NOT_CONTROLLER' ? ErrorCode.NOT_CONTROLLER : ErrorCode.REQUEST_TIMED_OUT;
    (e.code === 'NOT_CONTROLLER' ? deps.logger.debug : deps.logger.warn).call(deps.logger, { api, reason: e.message }, `${api} not served: ${e.code}`);
    return { ok: false, errorCode, errorMessage: e.message };
  }
}
