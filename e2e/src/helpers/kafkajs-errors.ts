/** Every Kafka error type (e.g. "INVALID_CONFIG") carried by a kafkajs error, its causes and aggregated errors. */
export function kafkaErrorTypes(e: unknown): string[] {
  const out: string[] = [];
  const visit = (x: unknown, depth: number): void => {
    if (!x || typeof x !== 'object' || depth > 5) return;
    const o = x as { type?: unknown; errors?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof o.type === 'string') out.push(o.type);
    if (Array.isArray(o.errors)) for (const inner of o.errors) visit(inner, depth + 1);
    visit(o.cause, depth + 1);
    visit(o.originalError, depth + 1);
  };
  visit(e, 0);
  return out;
}

/** For assert.rejects: passes when the kafkajs error carries the given Kafka error type. */
export function withKafkaError(type: string): (e: unknown) => boolean {
  return (e) => {
    const types = kafkaErrorTypes(e);
    if (types.includes(type)) return true;
    throw new Error(`expected Kafka error ${type}, got [${types.join(', ')}]: ${(e as Error).message}`);
  };
}
