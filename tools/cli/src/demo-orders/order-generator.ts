/** Deterministic sample orders: the same seed gives the same orders, so runs can be compared. */
const CATALOG = [
  { sku: 'tea', unitPriceCents: 350 },
  { sku: 'coffee', unitPriceCents: 520 },
  { sku: 'cup', unitPriceCents: 1200 },
  { sku: 'kettle', unitPriceCents: 4500 },
  { sku: 'biscuits', unitPriceCents: 275 },
  { sku: 'honey', unitPriceCents: 990 },
] as const;
const CITIES = ['Lahore', 'Karachi', 'Islamabad', 'Peshawar', 'Quetta'] as const;

export interface OrderRequest {
  readonly customerId: string;
  readonly city: string;
  readonly items: Array<{ sku: string; qty: number; unitPriceCents: number }>;
  readonly currency: string;
}

export function totalOf(o: OrderRequest): number {
  return o.items.reduce((s, i) => s + i.qty * i.unitPriceCents, 0);
}

export class OrderGenerator {
  private state: number;

  constructor(seed = 42) {
    this.state = seed >>> 0 || 1;
  }

  next(customerIndex: number): OrderRequest {
    const items = Array.from({ length: 1 + this.int(3) }, () => {
      const p = CATALOG[this.int(CATALOG.length)] as (typeof CATALOG)[number];
      return { sku: p.sku, qty: 1 + this.int(4), unitPriceCents: p.unitPriceCents };
    });
    return { customerId: `customer-${customerIndex}`, city: CITIES[customerIndex % CITIES.length] as string, items, currency: 'PKR' };
  }

  private int(n: number): number {
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    return (this.state >>> 0) % n;
  }
}
