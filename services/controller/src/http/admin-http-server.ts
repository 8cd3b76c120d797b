import { createServer, type Server } from 'node:http';
import type { Logger } from '@orderlab/shared';

export type Route = () => { readonly status: number; readonly body: unknown };

/** The controller's small JSON endpoint: GET routes only, each answered from in-memory state. */
export class AdminHttpServer {
  private readonly server: Server;

  constructor(
    private readonly routes: ReadonlyMap<string, Route>,
    private readonly logger: Logger,
  ) {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://controller').pathname.replace(/\/+$/, '') || '/';
      const route = req.method === 'GET' ? this.routes.get(path) : undefined;
      let status = 404;
      let body: unknown = { error: 'NOT_FOUND', message: `no route for ${req.method} ${path}; try ${[...this.routes.keys()].join(', ')}` };
      if (route) {
        try {
          ({ status, body } = route());
        } catch (e) {
          this.logger.error({ err: e, path }, 'admin request failed');
          status = 500;
          body = { error: 'INTERNAL', message: (e as Error).message };
        }
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body, null, 2));
    });
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

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
