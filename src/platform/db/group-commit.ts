/**
 * Group commit: concurrent changes of one kind share a transaction. A change that must hold a lock
 * until COMMIT (a gapless counter, the audit chain's head) serialises its writers at the disk's flush
 * rate, one commit at a time; handing the changes waiting meanwhile to one transaction lets a single
 * flush carry all of them, and the work inside is done set-wise by `run`.
 *
 * Nothing waits to fill a batch: the first change starts a transaction at once, and the changes that
 * arrive while it runs make up the next. Each caller's promise settles only after its transaction has
 * committed (or failed). If a batch fails, every change in it is tried again alone, so one bad change
 * (a unique key taken, a constraint) answers with its own error and does not sink the others.
 */
import type { Db, Tx } from './client.js';

interface Waiting<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

export class GroupCommit<I, O> {
  private queue: Waiting<I, O>[] = [];
  private running = false;

  /** `run` must answer one output per item, in the items' order, and change nothing outside `tx`. */
  constructor(
    private readonly db: Db,
    private readonly run: (tx: Tx, items: I[]) => Promise<O[]>,
    private readonly maxBatch = 200,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) await this.flush(this.queue.splice(0, this.maxBatch));
    } finally {
      this.running = false;
    }
  }

  private async flush(batch: Waiting<I, O>[]): Promise<void> {
    if (batch.length > 1) {
      let out: O[] | undefined;
      try {
        out = await this.db.transaction((tx) =>
          this.run(
            tx,
            batch.map((w) => w.item),
          ),
        );
      } catch {
        // Rolled back as a whole: retried one by one below, each with its own answer.
      }
      if (out) {
        batch.forEach((w, i) => w.resolve(out[i]!));
        return;
      }
    }
    for (const w of batch) {
      try {
        const [o] = await this.db.transaction((tx) => this.run(tx, [w.item]));
        w.resolve(o!);
      } catch (e) {
        w.reject(e);
      }
    }
  }
}
