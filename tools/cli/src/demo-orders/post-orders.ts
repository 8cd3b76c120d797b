import { OrderGenerator, totalOf, type OrderRequest } from './order-generator';

export interface PlacedOrderAnswer {
  readonly customerId: string;
  readonly orderId: string;
  readonly partition: number;
  readonly offset: number;
  readonly totalCents: number;
  readonly city: string;
  readonly request: OrderRequest;
}

export interface PostOrdersOptions {
  readonly orderUrl: string;
  readonly count: number;
  readonly customers: number;
  readonly seed?: number;
  readonly onProgress?: (done: number) => void;
  /** Retry 503s (broker briefly unavailable) with the same Idempotency-Key, as a careful client would. */
  readonly retries?: number;
  /** How long to follow a 202's status URL until the order is accepted. */
  readonly pendingTimeoutMs?: number;
}

/**
 * Posts `count` orders over HTTP for `customers` customers: each customer's orders one after
 * another (so their order is defined), customers in parallel. Every order carries an
 * Idempotency-Key, so a retried POST can never place it twice.
 */
export async function postOrders(o: PostOrdersOptions): Promise<{ placed: PlacedOrderAnswer[]; failed: number }> {
  const gen = new OrderGenerator(o.seed ?? 42);
  const perCustomer: OrderRequest[][] = Array.from({ length: o.customers }, () => []);
  for (let i = 0; i < o.count; i++) perCustomer[i % o.customers]?.push(gen.next(i % o.customers));
  const placed: PlacedOrderAnswer[] = [];
  let failed = 0;
  let done = 0;
  await Promise.all(
    perCustomer.map(async (orders, c) => {
      for (const [n, request] of orders.entries()) {
        const answer = await postOne(o.orderUrl, request, `demo-${o.seed ?? 42}-${c}-${n}`, o.retries ?? 5, o.pendingTimeoutMs ?? 60_000);
        if (answer) placed.push({ ...answer, customerId: request.customerId, totalCents: totalOf(request), city: request.city, request });
        else failed++;
        o.onProgress?.(++done);
      }
    }),
  );
  return { placed, failed };
}

type Placed = { orderId: string; partition: number; offset: number };

async function postOne(orderUrl: string, request: OrderRequest, key: string, retries: number, pendingTimeoutMs: number): Promise<Placed | null> {
  for (let attempt = 0; attempt <= retries; attempt++) {
    try {
      const res = await fetch(`${orderUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(request) });
      if (res.status === 201) return (await res.json()) as Placed;
      if (res.status === 202) return await followPending(orderUrl, ((await res.json()) as { statusUrl: string }).statusUrl, pendingTimeoutMs);
      if (res.status !== 503 && res.status !== 409) return null;
    } catch {
      // connection refused or reset: retry below
    }
    await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
  }
  return null;
}

/** 202: the order is on its way; its status URL says where it landed once the broker acknowledged it. */
async function followPending(orderUrl: string, statusUrl: string, timeoutMs: number): Promise<Placed | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${orderUrl}${statusUrl}`).catch(() => null);
    const body = res?.ok ? ((await res.json()) as { state: string } & Placed) : null;
    if (body?.state === 'accepted') return { orderId: body.orderId, partition: body.partition, offset: body.offset };
    await new Promise((r) => setTimeout(r, 250));
  }
  return null;
}
