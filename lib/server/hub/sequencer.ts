import type { BusEvent } from '../bus/bus';

/** Reads the logged events after `after` up to `upTo` (inclusive), in seq order. */
export type GapFiller = (after: number, upTo: number) => Promise<BusEvent[]>;

/**
 * Puts durable events back in seq order before they are delivered: an event is passed on
 * once every lower seq has been, duplicates and stale events are dropped. Ephemeral events
 * pass straight through.
 *
 * A gap (a higher seq arrived, or {@link expect} was told of one, and a lower one did not) that
 * stays open for `gapTimeoutMs` is filled from the event log with `fill`: the event was
 * committed but its publication was lost (its process died between the two, the bus dropped
 * it). What the log does not hold either (pruned) is skipped.
 */
export class Sequencer {
  private readonly pending = new Map<number, BusEvent>();
  private timer: NodeJS.Timeout | null = null;
  /** The highest seq known to exist. */
  private known: number;
  private filling = false;
  private closed = false;

  constructor(
    private next: number,
    private readonly emit: (event: BusEvent) => void,
    private readonly gapTimeoutMs = 2000,
    private readonly fill: GapFiller | null = null,
    private readonly onError: (error: unknown) => void = () => undefined
  ) {
    this.known = next - 1;
  }

  /** The seq expected next. */
  get expected(): number {
    return this.next;
  }

  push(event: BusEvent): void {
    if (event.seq === undefined) return this.emit(event);
    if (event.seq < this.next) return;
    this.pending.set(event.seq, event);
    this.known = Math.max(this.known, event.seq);
    this.drain();
    this.arm();
  }

  /** Events up to `seq` exist (a head read from storage): if they do not arrive in time, they are read. */
  expect(seq: number): void {
    if (seq < this.next) return;
    this.known = Math.max(this.known, seq);
    this.arm();
  }

  /** Stops the gap timer. */
  close(): void {
    this.closed = true;
    this.disarm();
  }

  private missing(): boolean {
    return this.known >= this.next;
  }

  private arm(): void {
    if (this.closed || this.timer !== null || this.filling || !this.missing()) return;
    this.timer = setTimeout(() => void this.closeGap(), this.gapTimeoutMs);
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): void {
    for (let event = this.pending.get(this.next); event; event = this.pending.get(this.next)) {
      this.pending.delete(this.next);
      this.next++;
      this.emit(event);
    }
    if (!this.missing()) this.disarm();
  }

  private async closeGap(): Promise<void> {
    this.timer = null;
    if (!this.missing() || this.closed) return;
    const below = this.pending.size > 0 ? Math.min(...this.pending.keys()) : this.known + 1;
    let read = this.fill === null;
    if (this.fill) {
      this.filling = true;
      try {
        const events = await this.fill(this.next - 1, below - 1);
        for (const event of events)
          if (event.seq !== undefined && event.seq >= this.next) this.pending.set(event.seq, event);
        read = true;
      } catch (error) {
        this.onError(error); // the storage failed: try again after the next timeout
      } finally {
        this.filling = false;
      }
    }
    if (this.closed) return;
    // What the log did not hold either (pruned) will never come: go on after it.
    if (read && this.next < below && !this.pending.has(this.next)) this.next = Math.min(below, ...this.pending.keys());
    this.drain();
    this.arm();
  }
}
