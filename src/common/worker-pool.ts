import { parentPort, Worker } from 'node:worker_threads';

interface TaskMessage<Task> {
  id: number;
  task: Task;
}
type AnswerMessage<Result> = { id: number; result: Result } | { id: number; error: { message: string } };

interface Waiting<Result> {
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
}

/**
 * Runs the module at `modulePath` (no extension) in a thread. From the built code it is the .js file;
 * from the TypeScript sources (the tests, under ts-jest) the thread compiles each .ts module as it
 * loads it, with TypeScript's own transpiler (a development dependency, present wherever the sources
 * run), the compiler options being those of tsconfig.json that change the output.
 */
function startThread(modulePath: string, workerData: unknown): Worker {
  const file = require.resolve(modulePath);
  if (!file.endsWith('.ts')) return new Worker(file, { workerData });
  const bootstrap = `
    const { readFileSync } = require('node:fs');
    const ts = require('typescript');
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true, emitDecoratorMetadata: true };
    require.extensions['.ts'] = (module, path) => module._compile(ts.transpileModule(readFileSync(path, 'utf8'), { fileName: path, compilerOptions }).outputText, path);
    require(${JSON.stringify(file)});`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * A few worker threads running one module that answers tasks (serveTasks below): each task goes to
 * the thread with the fewest waiting, and its answer resolves the promise run() returned. A thread
 * that dies fails what it held and every later task: the pool is then of no more use; close() ends
 * the threads.
 */
export class WorkerPool<Task, Result> {
  private readonly threads: { worker: Worker; waiting: Map<number, Waiting<Result>> }[];
  private nextId = 0;
  private failure: Error | undefined;

  constructor(modulePath: string, size: number, workerData: unknown) {
    this.threads = Array.from({ length: size }, () => {
      const thread = { worker: startThread(modulePath, workerData), waiting: new Map<number, Waiting<Result>>() };
      thread.worker.on('message', (answer: AnswerMessage<Result>) => {
        const waiting = thread.waiting.get(answer.id);
        thread.waiting.delete(answer.id);
        if ('error' in answer) waiting?.reject(new Error(answer.error.message));
        else waiting?.resolve(answer.result);
      });
      const fail = (error: Error) => {
        this.failure ??= error;
        for (const waiting of thread.waiting.values()) waiting.reject(error);
        thread.waiting.clear();
      };
      thread.worker.on('error', fail);
      thread.worker.on('exit', (code) => fail(new Error(`a worker thread stopped (exit code ${code})`)));
      return thread;
    });
  }

  run(task: Task): Promise<Result> {
    if (this.failure) return Promise.reject(this.failure);
    const thread = this.threads.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ id, task } satisfies TaskMessage<Task>);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the worker pool is closed');
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

/** In a pool's thread: answers each task with `handle`, one at a time in the order they came. */
export function serveTasks<Task, Result>(handle: (task: Task) => Promise<Result>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs in a worker thread');
  let queue = Promise.resolve();
  port.on('message', ({ id, task }: TaskMessage<Task>) => {
    queue = queue.then(() =>
      handle(task).then(
        (result) => port.postMessage({ id, result } satisfies AnswerMessage<Result>),
        (error: unknown) => port.postMessage({ id, error: { message: error instanceof Error ? error.message : String(error) } } satisfies AnswerMessage<Result>),
      ),
    );
  });
}
