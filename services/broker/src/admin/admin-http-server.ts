import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@orderlab/shared';

export type RouteHandler = (req: IncomingMessage, params: Record<string, string>) => Promise<{ status: number; body: unknown }> | { status: number; body: unknown };

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly keys: readonly string[];
  readonly handler: RouteHandler;
}

/**
 * The broker's small admin HTTP endpoint (JSON only): health now; groups and lag later.
 * Routes are "/groups/:id" style paths.
 */
export class AdminHttpServer {
  private readonly routes: Route[] = [];
  private readonly server: Server;

  constructor(private readonly logger: Logger) {
    this.server = createServer((req, res) => void this.serve(req, res));
  }

  route(method: string, path: string, handler: RouteHandler): this {
    const keys: string[] = [];
    const pattern = new RegExp(
      '^' + path.replace(/:([a-zA-Z]+)/g, (_, k: string) => {
        keys.push(k);
        return '([^/]+)';
      }) + '/?$',
    );
    this.routes.push({ method, pattern, keys, handler });
    return this;
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://admin');
    const match = this.match(req.method ?? 'GET', url.pathname);
    let status = 404;
    let body: unknown = { error: 'NOT_FOUND', message: `no route for ${req.method} ${url.pathname}` };
    if (match) {
      try {
        ({ status, body } = await match.route.handler(req, match.params));
      } catch (e) {
        this.logger.error({ err: e, path: url.pathname }, 'admin request failed');
        status = 500;
        body = { error: 'INTERNAL', message: (e as Error).message };
      }
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body, null, 2));
  }

  private match(method: string, path: string): { route: Route; params: Record<string, string> } | null {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1] ?? '')]));
      return { route, params };
    }
    return null;
  }
}
