/**
 * Poll a condition until it holds or the deadline passes. Tests wait for conditions,
 * never for fixed amounts of time.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeoutMs: number; intervalMs?: number; description: string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  // A probe may wait on something that does not hold the event loop open (fetch's sockets can
  // be unreferenced); this timer does, so the wait always ends by its deadline.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    return await poll(probe, options, deadline);
  } finally {
    clearInterval(keepAlive);
  }
}

async function poll<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeoutMs: number; intervalMs?: number; description: string },
  deadline: number,
): Promise<T> {
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.description}${why}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
}
