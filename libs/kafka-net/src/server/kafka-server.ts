import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '@orderlab/shared';
import { Connection, type ConnectionLimits } from './connection';
import type { Dispatcher } from './dispatcher';

/** The Kafka listener: accepts TCP connections and gives each one a Connection. */
export class KafkaServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly sockets = new Set<Socket>();
  private nextId = 1;
  private readonly closeListeners: Array<(connectionId: number) => void> = [];

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly limits: ConnectionLimits,
    private readonly logger: Logger,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  /**
   * Called with a connection's id (RequestContext.connectionId) once its socket has closed — at
   * once when the peer process dies, since the kernel closes a dead process's sockets (the
   * controller uses it to fence a SIGKILLed broker before its session times out).
   */
  onConnectionClosed(listener: (connectionId: number) => void): void {
    this.closeListeners.push(listener);
  }

  /** Stop accepting, and close every open connection. */
  close(): Promise<void> {
    for (const c of this.connections) c.close('server shutting down');
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const conn = new Connection(socket, this.nextId++, this.dispatcher, this.limits, this.logger);
    this.connections.add(conn);
    this.sockets.add(socket);
    socket.on('close', () => {
      this.connections.delete(conn);
      this.sockets.delete(socket);
      for (const l of this.closeListeners) l(conn.id);
    });
  }
}
