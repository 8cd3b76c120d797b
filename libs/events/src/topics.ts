/** Topic names and partitioning rules, declared once for every service. */
export const TOPICS = {
  /** OrderPlaced events, keyed by customer id. */
  orders: 'orders',
  /** Events a consumer could not validate, with the reason in headers. */
  ordersDlq: 'orders.dlq',
  /** InvoiceIssued events, produced by billing in Kafka transactions. */
  invoices: 'invoices',
} as const;

export const ORDERS_TOPIC_DEFAULT_PARTITIONS = 6;

export const CONSUMER_GROUPS = {
  billing: 'billing-group',
  analytics: 'analytics-group',
} as const;
