/**
 * Branded numeric ids. They cost nothing at run time and stop an offset from being
 * passed where a node id is expected.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type NodeId = Brand<number, 'NodeId'>;
export type Offset = Brand<number, 'Offset'>;
export type ProducerId = Brand<number, 'ProducerId'>;

export const nodeId = (n: number): NodeId => n as NodeId;
export const offset = (n: number): Offset => n as Offset;
export const producerId = (n: number): ProducerId => n as ProducerId;
