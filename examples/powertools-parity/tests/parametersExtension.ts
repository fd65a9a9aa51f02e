import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the AWS Parameters and Secrets Lambda Extension, on 127.0.0.1 (ephemeral port):
 * it answers `GET /systemsmanager/parameters/get?name=…` with SSM's `GetParameter` shape, checks the
 * `X-Aws-Parameters-Secrets-Token` header, and counts the requests per parameter. Simulated: the
 * extension and SSM behind it (they need AWS); what the provider sends and parses is real HTTP.
 */
export class ParametersExtension {
  readonly values = new Map<string, string>();
  readonly requests = new Map<string, number>();
  readonly #server: Server;

  private constructor(server: Server, token: string) {
    this.#server = server;
    server.on('request', (request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const name = url.searchParams.get('name') ?? '';
      if (request.headers['x-aws-parameters-secrets-token'] !== token) {
        response.writeHead(401).end('missing or wrong X-Aws-Parameters-Secrets-Token');
        return;
      }
      if (url.pathname !== '/systemsmanager/parameters/get') {
        response.writeHead(404).end();
        return;
      }
      this.requests.set(name, (this.requests.get(name) ?? 0) + 1);
      const value = this.values.get(name);
      if (value === undefined) {
        response.writeHead(404).end(`parameter ${name} not found`);
        return;
      }
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ Parameter: { Name: name, Type: 'SecureString', Value: value } }));
    });
  }

  static async start(token: string): Promise<ParametersExtension> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ParametersExtension(server, token);
  }

  get endpoint(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
