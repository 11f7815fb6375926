/**
 * Segment tasks (glue/parallel/tasks.ts) on local worker processes: each process is set up once
 * with the ELF, the input and the coprocessor modules, builds the machine and its keys, reports
 * its program id, then runs the tasks it is given one at a time. The coordinator hands tasks out
 * as workers become free and puts the results back in task order.
 *
 * Processes rather than threads: a task's answer is small (a root and a summary, or a proof), so
 * nothing large crosses the pipe, and each worker's memory is its own (and measurable). A worker
 * that dies holding a task loses nothing: the task goes back to the others (the run fails only
 * when no worker is left).
 *
 * The worker script (cli/worker.ts for the CLI) calls `serveTasks` with how to build its context.
 */
import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TaskBatch, TaskRunner } from "./coordinator.js";
import type { SegmentContext, SegmentTask, TaskResult } from "./tasks.js";
import { runTask, taskSubject } from "./tasks.js";

/** What each worker process is set up with. */
export interface WorkerSetup {
  /** The guest ELF's bytes. */
  elf: Uint8Array;
  /** The run's private input. */
  input: Uint8Array;
  /** Paths of the `--coprocessor` modules (the built-in coprocessors are always there). */
  modules: string[];
}

type ToWorker = { setup: WorkerSetup } | { job: number; task: SegmentTask };
type FromWorker =
  | { ready: Uint8Array }
  | { failed: string }
  | { job: number; result: TaskResult }
  | { job: number; error: string };

/** A worker could not start, died with no other worker left, or could not do its task. */
export class WorkerError extends Error {
  override name = "WorkerError";
}

const describe = (e: unknown): string =>
  e instanceof Error ? `${e.name}: ${e.message}` : String(e);

/**
 * The worker side: waits for its set-up, builds the context with `build`, then runs each task it
 * is sent and answers with its result or its error.
 */
export function serveTasks(build: (setup: WorkerSetup) => Promise<SegmentContext>): void {
  const send = (m: FromWorker) => process.send!(m);
  if (process.send === undefined) throw new Error("serveTasks runs in a forked worker process");
  let ctx: Promise<SegmentContext> | undefined;
  process.on("message", async (msg: ToWorker) => {
    if ("setup" in msg) {
      ctx = build(msg.setup);
      ctx.then(
        (c) => send({ ready: c.programId }),
        (e) => send({ failed: describe(e) }),
      );
      return;
    }
    try {
      send({ job: msg.job, result: await runTask(await ctx!, msg.task) });
    } catch (e) {
      send({ job: msg.job, error: describe(e) });
    }
  });
  process.on("disconnect", () => process.exit(0)); // the coordinator is gone
}

/**
 * The script at `dir/name.ts` when running from source (run through tsx), else `name.js` (the
 * built package).
 */
export function workerScript(dir: URL, name: string): URL {
  const ts = new URL(`${name}.ts`, dir);
  return existsSync(fileURLToPath(ts)) ? ts : new URL(`${name}.js`, dir);
}

/** One task in flight or waiting. */
interface Slot {
  k: number;
  task: SegmentTask;
}

/** One `submit` in progress. */
interface Run {
  id: number;
  waiting: Slot[];
  results: TaskResult[];
  left: number;
  onResult?: (k: number) => void;
  resolve: (r: TaskResult[]) => void;
  reject: (e: Error) => void;
}

/** A worker process and the task it holds. */
interface Member {
  child: ChildProcess;
  holds: Slot | null;
}

/** Local worker processes running segment tasks, one `submit` at a time. */
export class LocalWorkers implements TaskRunner {
  private readonly members: Member[];
  private readonly started: Promise<Uint8Array>;
  private run: Run | null = null;
  private runs = 0;
  private closing = false;
  private lastExit = "";

  /** Starts `n` worker processes running `script`, each set up with `setup`. */
  constructor(script: URL, n: number, setup: WorkerSetup) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${n} workers: need at least one`);
    const path = fileURLToPath(script);
    // From source the worker is TypeScript: load it through tsx as the CLI itself is.
    const execArgv = path.endsWith(".ts") ? ["--import", "tsx"] : [];
    const readies: Promise<Uint8Array>[] = [];
    this.members = Array.from({ length: n }, () => {
      const child = fork(path, [], { execArgv, serialization: "advanced", stdio: "inherit" });
      const member: Member = { child, holds: null };
      readies.push(this.watch(member));
      child.send({ setup } satisfies ToWorker);
      return member;
    });
    this.started = Promise.all(readies).then((ids) => {
      const hex = ids.map((id) => Buffer.from(id).toString("hex"));
      if (hex.some((h) => h !== hex[0]))
        throw new WorkerError(
          `the workers built different programs: ${[...new Set(hex)].join(", ")}`,
        );
      return ids[0];
    });
    this.started.catch(() => {}); // observed by ready() and submit()
  }

  /** The program id every worker built (rejects if a worker could not set up). */
  ready(): Promise<Uint8Array> {
    return this.started;
  }

  async submit(tasks: readonly SegmentTask[], onResult?: (k: number) => void): Promise<TaskBatch> {
    if (this.run !== null) throw new Error("LocalWorkers: one submit() at a time");
    await this.started;
    const results = new Promise<TaskResult[]>((resolve, reject) => {
      const waiting = tasks.map((task, k) => ({ k, task }));
      const run: Run = {
        id: ++this.runs,
        waiting,
        results: [],
        left: tasks.length,
        onResult,
        resolve,
        reject,
      };
      if (tasks.length === 0) return resolve([]);
      this.run = run;
      this.alive().forEach((m) => this.feed(m));
      if (this.alive().length === 0)
        this.fail(new WorkerError(`no segment worker is left (${this.lastExit})`));
    });
    results.catch(() => {}); // the caller awaits it after its own work
    return { results };
  }

  /** The worker processes' ids (for monitoring: memory, or a fault test). */
  pids(): number[] {
    return this.members.map((m) => m.child.pid!);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.members.map(
        (m) =>
          new Promise<void>((done) => {
            if (m.child.exitCode !== null || m.child.signalCode !== null) return done();
            m.child.once("exit", () => done());
            m.child.kill();
          }),
      ),
    );
  }

  private alive(): Member[] {
    return this.members.filter((m) => m.child.exitCode === null && m.child.signalCode === null);
  }

  /** Listens to a worker; resolves with its program id once it is set up. */
  private watch(member: Member): Promise<Uint8Array> {
    return new Promise((ready, failed) => {
      member.child.on("message", (msg: FromWorker) => {
        if ("ready" in msg) return ready(msg.ready);
        if ("failed" in msg)
          return failed(new WorkerError(`a segment worker could not start: ${msg.failed}`));
        this.answer(member, msg);
      });
      member.child.on("exit", (code, signal) => {
        this.lastExit = `a segment worker exited with ${signal ?? `code ${code}`}`;
        failed(new WorkerError(this.lastExit));
        if (!this.closing) this.lost(member);
      });
    });
  }

  private feed(m: Member): void {
    const run = this.run;
    const slot = run?.waiting.shift();
    if (run === null || slot === undefined) return;
    m.holds = slot;
    m.child.send({ job: run.id, task: slot.task } satisfies ToWorker);
  }

  private answer(m: Member, msg: Extract<FromWorker, { job: number }>): void {
    const run = this.run;
    const slot = m.holds;
    m.holds = null;
    if (run === null || msg.job !== run.id || slot === null) return; // late: its run failed
    if ("error" in msg)
      return this.fail(new WorkerError(`${taskSubject(slot.task)}: ${msg.error}`));
    run.results[slot.k] = msg.result;
    run.onResult?.(slot.k);
    if (--run.left === 0) {
      this.run = null;
      return run.resolve(run.results);
    }
    this.feed(m);
  }

  /** A worker died: its task goes back to the others; with none left, the run fails. */
  private lost(m: Member): void {
    const run = this.run;
    if (run === null) return;
    if (m.holds !== null) run.waiting.unshift(m.holds);
    m.holds = null;
    const alive = this.alive();
    if (alive.length === 0)
      return this.fail(new WorkerError(`no segment worker is left (${this.lastExit})`));
    for (const other of alive) if (other.holds === null) this.feed(other);
  }

  private fail(e: Error): void {
    const run = this.run;
    this.run = null;
    run?.reject(e);
  }
}
