/**
 * Work of one process done in turns, one at a time: what is asked while a turn runs waits, and the
 * next turn takes every request waiting, in the order asked, up to `limit` items, and does them
 * together (one transaction for many jobs). A request larger than the limit is taken alone. Idle, a
 * request is taken at once. `work` does the items of a turn and returns how to read the answer for
 * the items of one request; if it throws, every request of the turn fails with its error.
 */
export class Turns<Item, Answer> {
  private readonly waiting: { items: Item[]; done: (answer: Answer) => void; fail: (error: Error) => void }[] = [];
  private running = false;

  constructor(
    private readonly limit: number,
    private readonly work: (items: Item[]) => Promise<(requestItems: Item[]) => Answer>,
  ) {}

  /** Does `items` in the next turn, with those of the other requests waiting for it; this request's answer. */
  take(items: Item[]): Promise<Answer> {
    return new Promise((done, fail) => {
      this.waiting.push({ items, done, fail });
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length) {
        const taken = [this.waiting.shift()!];
        let size = taken[0].items.length;
        while (this.waiting.length && size + this.waiting[0].items.length <= this.limit) {
          size += this.waiting[0].items.length;
          taken.push(this.waiting.shift()!);
        }
        let answerFor: (requestItems: Item[]) => Answer;
        try {
          answerFor = await this.work(taken.flatMap((t) => t.items));
        } catch (error) {
          for (const t of taken) t.fail(error as Error);
          continue;
        }
        for (const t of taken) t.done(answerFor(t.items));
      }
    } finally {
      this.running = false;
    }
  }
}
