import type { PlacedOrderAnswer } from '@orderlab/cli';
import type { ServiceProcess } from './service-process';

export interface BillingLedger {
  /** Acknowledged orders without an invoice. */
  readonly missing: string[];
  /** Order ids billed more than once (they appear more than once in their customer's history). */
  readonly duplicated: string[];
  /** Order ids billed that no acknowledgement named. */
  readonly unexpected: string[];
  /** Invoices whose total differs from what was ordered. */
  readonly wrongTotal: string[];
  /** Customers whose orders were billed in another order than their offsets. */
  readonly outOfOrder: string[];
  readonly summary: { invoices: number; distinctOrders: number; totalBilledCents: number; duplicatesDetected: number; invalid: number };
}

/**
 * Billing compared with the list of acknowledged orders, order by order: every one has an
 * invoice with its total, none is billed twice (each customer's history lists it once), and
 * each customer's orders were billed in offset order.
 */
export async function billingLedger(billing: ServiceProcess, placed: readonly PlacedOrderAnswer[]): Promise<BillingLedger> {
  const known = new Set(placed.map((p) => p.orderId));
  const missing: string[] = [];
  const wrongTotal: string[] = [];
  for (const p of placed) {
    const res = await fetch(`${billing.url}/invoices/${p.orderId}`);
    if (res.status === 404) missing.push(p.orderId);
    else if (((await res.json()) as { totalCents: number }).totalCents !== p.totalCents) wrongTotal.push(p.orderId);
  }
  const duplicated: string[] = [];
  const unexpected: string[] = [];
  const outOfOrder: string[] = [];
  for (const customerId of new Set(placed.map((p) => p.customerId))) {
    const history = await customerHistory(billing, customerId);
    const seen = new Set<string>();
    for (const id of history) {
      if (seen.has(id)) duplicated.push(id);
      if (!known.has(id)) unexpected.push(id);
      seen.add(id);
    }
    const byOffset = placed.filter((p) => p.customerId === customerId).sort((a, b) => a.offset - b.offset).map((p) => p.orderId);
    if (JSON.stringify([...seen].filter((id) => known.has(id))) !== JSON.stringify(byOffset.filter((id) => seen.has(id)))) outOfOrder.push(customerId);
  }
  const summary = await billing.getJson<BillingLedger['summary']>('/billing/summary');
  return { missing, duplicated, unexpected, wrongTotal, outOfOrder, summary };
}

async function customerHistory(billing: ServiceProcess, customerId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const page: { orderIds: string[]; nextOffset?: number | null } = await billing.getJson(`/billing/customers/${customerId}/history?offset=${offset}&limit=1000`);
    ids.push(...page.orderIds);
    offset = page.nextOffset ?? null;
  }
  return ids;
}

/** The shape a test asserts: all five lists empty. */
export function ledgerProblems(l: BillingLedger): Record<string, number> {
  return { missing: l.missing.length, duplicated: l.duplicated.length, unexpected: l.unexpected.length, wrongTotal: l.wrongTotal.length, outOfOrder: l.outOfOrder.length };
}
