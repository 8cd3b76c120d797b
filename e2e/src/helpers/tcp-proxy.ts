import { connect, createServer, type Server, type Socket } from 'node:net';
import { FrameSplitter } from '@orderlab/kafka-protocol';

export interface ProxyRules {
  /** Return true to swallow this response frame (it never reaches the client). */
  dropResponse?: (apiKey: number, correlationId: number) => boolean;
  /** After swallowing a response, also close the connection (a reset after the request got through): the client fails fast instead of timing out. */
  closeAfterDrop?: boolean;
}

/**
 * A small Kafka-aware TCP proxy for fault injection: it forwards bytes both ways and can
 * drop chosen response frames (the request reached the broker, the answer is lost).
 */
export class KafkaTcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  dropped = 0;

  constructor(
    private readonly targetPort: number,
    public rules: ProxyRules = {},
  ) {}

  listen(port: number): Promise<void> {
    this.server = createServer((client) => this.pipe(client));
    return new Promise((resolve) => this.server?.listen(port, '127.0.0.1', () => resolve()));
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    const apiKeyByCorrelation = new Map<number, number>();
    const requests = new FrameSplitter();
    const responses = new FrameSplitter();
    client.on('data', (chunk: Buffer) => {
      for (const f of requests.push(chunk)) {
        apiKeyByCorrelation.set(f.readInt32BE(4), f.readInt16BE(0));
        upstream.write(withSize(f));
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      for (const f of responses.push(chunk)) {
        const correlationId = f.readInt32BE(0);
        const apiKey = apiKeyByCorrelation.get(correlationId) ?? -1;
        apiKeyByCorrelation.delete(correlationId);
        if (this.rules.dropResponse?.(apiKey, correlationId)) {
          this.dropped++;
          if (this.rules.closeAfterDrop) return closeBoth();
          continue;
        }
        client.write(withSize(f));
      }
    });
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', closeBoth).on('error', closeBoth);
    upstream.on('close', closeBoth).on('error', closeBoth);
  }
}

function withSize(frame: Buffer): Buffer {
  const size = Buffer.allocUnsafe(4);
  size.writeInt32BE(frame.length, 0);
  return Buffer.concat([size, frame]);
}
