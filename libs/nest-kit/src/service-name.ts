/** A service's log context as the services always named it: ('billing', 'Consumer') → 'BillingConsumer'. */
export function logContext(service: string, role: string): string {
  return `${service.charAt(0).toUpperCase()}${service.slice(1)}${role}`;
}
