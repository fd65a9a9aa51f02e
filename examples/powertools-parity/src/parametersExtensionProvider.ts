import { GetParameterError } from '@aws-lambda-powertools/parameters';
import { BaseProvider } from '@aws-lambda-powertools/parameters/base';

/** The part of SSM's `GetParameter` answer the extension relays that this provider reads. */
interface GetParameterAnswer {
  Parameter?: { Value?: string };
}

/**
 * A Powertools Parameters provider that reads SSM parameters through the AWS Parameters and
 * Secrets Lambda Extension's local HTTP endpoint (`GET /systemsmanager/parameters/get?name=…`,
 * authenticated with the `X-Aws-Parameters-Secrets-Token` header). Caching, `maxAge`, `forceFetch`
 * and `transform` are Powertools' own (`BaseProvider`); only the transport differs from
 * `SSMProvider`.
 *
 * @example
 * ```ts
 * const provider = new ParametersExtensionProvider(); // http://localhost:2773 inside Lambda
 * const apiKey = await provider.get('/orders/api-key', { forceFetch: true });
 * ```
 */
export class ParametersExtensionProvider extends BaseProvider {
  readonly #endpoint: URL;
  readonly #token: string | undefined;

  /**
   * @param endpoint - the extension's address
   *   @default `http://localhost:${PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? 2773}`
   * @param token - the session token the extension checks
   *   @default process.env.AWS_SESSION_TOKEN
   */
  public constructor(
    endpoint = `http://localhost:${process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773'}`,
    token = process.env.AWS_SESSION_TOKEN,
  ) {
    super({});
    this.#endpoint = new URL(endpoint);
    this.#token = token;
  }

  protected async _get(name: string): Promise<string | undefined> {
    const url = new URL('/systemsmanager/parameters/get', this.#endpoint);
    url.searchParams.set('name', name);
    url.searchParams.set('withDecryption', 'true');
    const response = await fetch(url, {
      headers: this.#token === undefined ? {} : { 'X-Aws-Parameters-Secrets-Token': this.#token },
    });
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new GetParameterError(
        `Parameters extension answered HTTP ${response.status} for parameter "${name}": ${await response.text()}`,
      );
    }
    return ((await response.json()) as GetParameterAnswer).Parameter?.Value;
  }

  protected async _getMultiple(path: string): Promise<Record<string, unknown> | undefined> {
    throw new GetParameterError(
      `getMultiple("${path}") is not offered by the Parameters extension endpoint: call get() for each name`,
    );
  }
}
