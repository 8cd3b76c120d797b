import type { Logger } from '@orderlab/shared';

/** Any log sink with Nest's method names (log/warn/error/debug) as the Logger port; objects go last as JSON. */
export function loggerPort(sink: { log(m: string): void; warn(m: string): void; error(m: string): void; debug(m: string): void }): Logger {
  const line = (obj: Record<string, unknown>, msg: string) => `${msg} ${JSON.stringify(obj)}`;
  return {
    debug: (o, m) => sink.debug(line(o, m)),
    info: (o, m) => sink.log(line(o, m)),
    warn: (o, m) => sink.warn(line(o, m)),
    error: (o, m) => sink.error(line(o, m)),
  };
}
