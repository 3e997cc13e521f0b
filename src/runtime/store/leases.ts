import { randomBytes } from 'node:crypto';
import { LEASE_SQL } from './schema';
import type { SqlDriver } from './types';

/** A name for this process among the instances on a database: new at every start, so a restarted instance holds nothing of its past. */
export function newInstanceId(): string {
  return `inst_${randomBytes(6).toString('hex')}`;
}

export interface Lease {
  instance: string;
  /** Epoch milliseconds. */
  expires_at: number;
}

/**
 * Which instance is doing which piece of work (executing a run: its id; indexing a vector store
 * file: `file:` and its key), kept in the database so every instance on it can tell work someone
 * is doing from work whose instance died. An instance claims work when it takes it on, renews all
 * its leases on a heartbeat, and releases the work when it is done. Leases are timed by the
 * machine's wall clock, not the runtime's injected clock: they measure whether a process is alive,
 * and a test that moves API time must not expire them.
 */
export class Leases {
  constructor(
    private readonly driver: SqlDriver,
    readonly leaseMs: number,
    /** This process's name in the table (newInstanceId). */
    readonly instance: string = newInstanceId(),
  ) {}

  async claim(workId: string): Promise<void> {
    await this.driver.run(LEASE_SQL.claim, [workId, this.instance, Date.now() + this.leaseMs]);
  }

  async release(workId: string): Promise<void> {
    await this.driver.run(LEASE_SQL.release, [workId]);
  }

  /** Gives work up unfinished (shutting down): its lease expires now, so any instance's next heartbeat, or the next start, takes the work over. */
  async handBack(workId: string): Promise<void> {
    await this.driver.run(LEASE_SQL.handBack, [workId, this.instance]);
  }

  /** Drops a lease that ran out, but not one its work was claimed under again meanwhile. */
  async releaseIfExpired(workId: string): Promise<void> {
    await this.driver.run(LEASE_SQL.releaseExpired, [workId, Date.now()]);
  }

  async of(workId: string): Promise<Lease | undefined> {
    const row = await this.driver.get<Lease>(LEASE_SQL.of, [workId]);
    return row && { instance: String(row.instance), expires_at: Number(row.expires_at) };
  }

  /** True while the lease's holder is presumed alive. */
  live(lease: Lease | undefined): lease is Lease {
    return lease !== undefined && lease.expires_at >= Date.now();
  }

  /** Extends every lease this instance holds; returns the work it still holds (a lease another instance took over is gone). */
  async renew(): Promise<Set<string>> {
    await this.driver.run(LEASE_SQL.renew, [Date.now() + this.leaseMs, this.instance]);
    const rows = await this.driver.all<{ work_id: string }>(LEASE_SQL.held, [this.instance]);
    return new Set(rows.map((r) => String(r.work_id)));
  }

  /** Work whose lease ran out: its instance stopped renewing (it died, or lost the database). */
  async expired(): Promise<string[]> {
    const rows = await this.driver.all<{ work_id: string }>(LEASE_SQL.expired, [Date.now()]);
    return rows.map((r) => String(r.work_id));
  }

  /** Forgets every lease (a database only this process uses, at start-up). */
  async clear(): Promise<void> {
    await this.driver.run(LEASE_SQL.clear);
  }
}
