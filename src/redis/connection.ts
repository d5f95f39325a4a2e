// The Redis connection a RedisSessionStore opens itself from a URL, on the
// optional peer dependency `redis` (node-redis), loaded only then. It connects
// on first use; once it has been up, a command while it reconnects fails at
// once (no offline queue) instead of waiting, so calls fall back without delay.
import { IqValidationError } from '../errors/IqValidationError';

/** What the store needs of a Redis client: node-redis's `sendCommand` (v4 and later). */
export interface RedisCommands {
  sendCommand(args: string[]): Promise<unknown>;
}

interface NodeRedisClient extends RedisCommands {
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  close?(): Promise<unknown>;
  quit?(): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

type CreateClient = (options: object) => NodeRedisClient;

/** Between reconnection attempts: short, so a restarted Redis is used again within about a second. */
const RECONNECT_MAX_MS = 1_000;

function loadCreateClient(): CreateClient {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('redis') as { createClient: CreateClient }).createClient;
  } catch {
    throw new IqValidationError('RedisSessionStore({ url }) needs the package "redis" (npm install redis), or pass { client } of your own', 'url');
  }
}

export class OwnConnection implements RedisCommands {
  readonly #client: NodeRedisClient;
  #connecting?: Promise<unknown>;
  /** Rejects at the next connection failure: node-redis's connect() itself keeps retrying. */
  #failing?: Promise<never>;
  #failed?: (error: Error) => void;
  #closed = false;
  /** The code of the last connection failure (e.g. ECONNREFUSED): never its text, which could name the URL. */
  #lastErrorCode?: string;

  constructor(url: string | undefined, connectTimeoutMs: number) {
    this.#client = loadCreateClient()({
      ...(url !== undefined && { url }),
      disableOfflineQueue: true,
      socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, RECONNECT_MAX_MS) },
    });
    // Without a listener node-redis's 'error' event would end the process; failures reach callers as IqStoreError.
    this.#client.on('error', (error) => {
      const code = (error as { code?: unknown })?.code;
      this.#lastErrorCode = typeof code === 'string' ? code : (error as Error)?.name;
      this.#failed?.(this.#unreachable());
    });
  }

  #unreachable(): Error {
    return new Error(`Redis is not reachable (${this.#lastErrorCode ?? 'connecting'})`);
  }

  async sendCommand(args: string[]): Promise<unknown> {
    if (!this.#client.isReady) {
      if (this.#closed) throw new Error('the store was closed');
      if (!this.#connecting) {
        this.#failing = new Promise<never>((_, reject) => (this.#failed = reject));
        this.#failing.catch(() => undefined);
        this.#connecting = this.#client.connect();
        this.#connecting.catch(() => undefined);
      }
      // Down (a failure seen since the first attempt): fail at once; the first connection is waited for.
      if (this.#lastErrorCode !== undefined) throw this.#unreachable();
      await Promise.race([this.#connecting, this.#failing]);
    }
    return this.#client.sendCommand(args);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#connecting) return;
    // A client still trying to connect cannot quit gracefully: drop it.
    if (!this.#client.isReady) {
      (this.#client as { destroy?: () => void }).destroy?.();
      await this.#connecting.catch(() => undefined);
      return;
    }
    await (this.#client.close ?? this.#client.quit)?.call(this.#client);
  }
}
