/**
 * Where a plain Node service's pino logger writes: process.stdout, whose errors are ignored.
 * Launchers hand their children a pipe as stdout; when a launcher dies (even by SIGKILL) that pipe
 * breaks. pino's default destination (sonic-boom 4.2) keeps what it could not write and, on exit,
 * flushSync retries EPIPE forever — seen as a controller that never exited after `npm run demo`
 * was SIGKILLed. Through process.stdout a broken pipe only loses log lines.
 */
export function logDestination(): NodeJS.WritableStream {
  process.stdout.on('error', () => undefined);
  return process.stdout;
}
