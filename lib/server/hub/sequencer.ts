import type { BusEvent } from '../bus/bus';

/**
 * Puts durable events back in seq order before they are delivered: an event is passed on
 * once every lower seq has been, duplicates and stale events are dropped. A gap that stays
 * open for `gapTimeoutMs` (a sequence number that will never come, as a rolled-back
 * PostgreSQL sequence leaves) is skipped. Ephemeral events pass straight through.
 */
export class Sequencer {
  private readonly pending = new Map<number, BusEvent>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private next: number,
    private readonly emit: (event: BusEvent) => void,
    private readonly gapTimeoutMs = 2000
  ) {}

  /** The seq expected next. */
  get expected(): number {
    return this.next;
  }

  push(event: BusEvent): void {
    if (event.seq === undefined) return this.emit(event);
    if (event.seq < this.next) return;
    this.pending.set(event.seq, event);
    this.drain();
    if (this.pending.size > 0 && this.timer === null) {
      this.timer = setTimeout(() => this.skipGap(), this.gapTimeoutMs);
      this.timer.unref();
    }
  }

  /** Stops the gap timer. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): void {
    for (let event = this.pending.get(this.next); event; event = this.pending.get(this.next)) {
      this.pending.delete(this.next);
      this.next++;
      this.emit(event);
    }
    if (this.pending.size === 0) this.close();
  }

  private skipGap(): void {
    this.timer = null;
    if (this.pending.size === 0) return;
    this.next = Math.min(...this.pending.keys());
    this.drain();
  }
}
