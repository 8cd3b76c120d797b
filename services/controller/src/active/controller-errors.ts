import { CodedError } from '@orderlab/shared';

/**
 * Why a controller request could not be decided or committed; the handlers answer with Kafka's
 * code: NOT_CONTROLLER (41, retriable: find the active controller) or REQUEST_TIMED_OUT (7,
 * retriable: no quorum to commit with, the message names what is missing).
 */
export class ControllerUnavailable extends CodedError<'NOT_CONTROLLER' | 'REQUEST_TIMED_OUT'> {}

export const notController = (why: string): ControllerUnavailable => new ControllerUnavailable('NOT_CONTROLLER', why);
export const timedOut = (why: string): ControllerUnavailable => new ControllerUnavailable('REQUEST_TIMED_OUT', why);
