/**
 * Work of one process done in turns, one at a time: what is asked while a turn runs waits, and the
 * next turn takes every request waiting, in the order asked, up to `limit` items, and does them
 * together (one transaction for many jobs). A request larger than the limit is taken alone. Idle, a
 * request is taken at once. `work` does the items of a turn and returns how to read the answer for
 * the items of one request. When a turn of several requests throws, each is done again on its own,
 * so a request that cannot be done fails alone and never takes the others of its turn with it;
 * unless `retryAlone` says the error leaves the turn's outcome unknown (work that may have been done
 * must not be done twice), and then every request of the turn fails with it.
 * Every request is answered or fails. `work` must not ask the same Turns (it would wait for itself).
 */
export class Turns<Item, Answer> {
  private readonly waiting: TurnRequest<Item, Answer>[] = [];
  private running = false;

  constructor(
    private readonly limit: number,
    private readonly work: (items: Item[]) => Promise<(requestItems: Item[]) => Answer>,
    private readonly retryAlone: (error: Error) => boolean = () => true,
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
        if (!(await this.settle(taken)) && taken.length > 1) for (const t of taken) await this.settle([t]);
      }
    } finally {
      this.running = false;
    }
  }

  /** Does the requests' items together and answers each; false (nothing settled) when the work threw and there is more than one to retry alone. */
  private async settle(requests: TurnRequest<Item, Answer>[]): Promise<boolean> {
    let answerFor: (requestItems: Item[]) => Answer;
    try {
      answerFor = await this.work(requests.flatMap((r) => r.items));
    } catch (error) {
      if (requests.length > 1 && this.retryAlone(error as Error)) return false;
      for (const r of requests) r.fail(error as Error);
      return true;
    }
    for (const r of requests) {
      try {
        r.done(answerFor(r.items));
      } catch (error) {
        r.fail(error as Error);
      }
    }
    return true;
  }
}

interface TurnRequest<Item, Answer> {
  items: Item[];
  done: (answer: Answer) => void;
  fail: (error: Error) => void;
}
