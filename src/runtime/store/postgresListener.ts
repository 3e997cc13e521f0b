import type pg from 'pg';
import { checkChannel } from './localSignals';

/** How long the listening connection waits before connecting again after it failed. */
const RELISTEN_MS = 1_000;

/**
 * PostgreSQL's LISTEN for the store's channels, on one connection of its own (a pooled one would
 * be handed to other queries), made on first use. NOTIFY is database-wide, so channel names carry
 * the schema: stores sharing a database (one schema each) never hear each other.
 */
export class PostgresListener {
  private listener: Promise<pg.Client> | undefined;
  private readonly channels = new Map<string, Set<(payload: string) => void>>();
  private closed = false;

  constructor(
    private readonly schema: string,
    private readonly newClient: () => pg.Client,
    private readonly logger?: (msg: string) => void,
  ) {}

  /** The name PostgreSQL knows the store's channel by (what pg_notify takes). */
  channelName(channel: string): string {
    checkChannel(channel);
    return `${this.schema}__${channel}`;
  }

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    const name = this.channelName(channel);
    let set = this.channels.get(name);
    const first = !set;
    if (!set) this.channels.set(name, (set = new Set()));
    const own = (payload: string) => onMessage(payload);
    set.add(own);
    const client = await this.listening();
    if (first) await client.query(`LISTEN "${name}"`);
    return async () => {
      set.delete(own);
      if (set.size || this.channels.get(name) !== set) return;
      this.channels.delete(name);
      if (!this.closed) await client.query(`UNLISTEN "${name}"`).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = undefined;
    if (listener) await listener.then((c) => c.end()).catch(() => undefined);
  }

  private listening(): Promise<pg.Client> {
    this.listener ??= this.connect();
    return this.listener;
  }

  private async connect(): Promise<pg.Client> {
    const client = this.newClient();
    client.on('notification', (message) => {
      for (const fn of this.channels.get(message.channel) ?? []) fn(message.payload ?? '');
    });
    // A dropped connection (server restart) listens again after a pause; what was notified
    // meanwhile is lost, which is why every use of it has a slower path that does not need it.
    client.on('error', (err) => {
      this.logger?.(`PostgreSQL: the listening connection failed (${err.message}); connecting again.`);
      this.listener = undefined;
      client.end().catch(() => undefined);
      setTimeout(() => void this.relisten(), RELISTEN_MS).unref();
    });
    await client.connect();
    return client;
  }

  private async relisten(): Promise<void> {
    if (this.closed || this.listener || !this.channels.size) return;
    try {
      const client = await this.listening();
      for (const name of this.channels.keys()) await client.query(`LISTEN "${name}"`);
    } catch (err) {
      this.listener = undefined;
      this.logger?.(`PostgreSQL: listening again failed (${(err as Error).message}); trying later.`);
      setTimeout(() => void this.relisten(), RELISTEN_MS).unref();
    }
  }
}
