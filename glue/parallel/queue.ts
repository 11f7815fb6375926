/**
 * The two proving rounds (glue/parallel/coordinator.ts) as BullMQ jobs on Redis: a `TaskRunner`
 * whose workers are `zkglue worker --queue` processes on any machine that reaches the Redis
 * server (glue/parallel/queue-worker.ts), and `proveReceiptOnQueue`, the coordinator's side of
 * `zkglue prove --queue`. The runner carries whole-chunk tasks too (a chain's chunks, each proven
 * by one worker: glue/paging/chain.ts `proveChain` with `chunkRunner`).
 *
 * The runner leans on BullMQ for what a queue is for: a job's id is fixed by its run, round
 * (one per `submit`) and segment or chunk (so it is added once); a job that fails is retried (`attempts`, exponential backoff);
 * a job whose worker dies is found stalled by the other workers once its lock expires and runs
 * again elsewhere. What comes back is never trusted: a result is checked against the hash its
 * worker returned, decoded through wire.ts's schemas, and then checked by the coordinator. When
 * the run ends, however it ends, its keys and jobs are deleted.
 */
import { randomBytes } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { QueueJobError } from "./queue-error.js";
import { Redis } from "ioredis";
import { coprocessorIds, type CoprocessorId } from "../coprocessor-chip.js";
import { buildMachine, machineKeys } from "../machine.js";
import { proveReceipt, type ProveReceiptOptions, receiptOf } from "../receipt.js";
import type { Program } from "../riscv/elf.js";
import { proveInRounds, type TaskBatch, type TaskRunner } from "./coordinator.js";
import {
  contentHash,
  coprocessorsToWire,
  DEFAULT_QUEUE,
  type JobData,
  jobId,
  JOB_VERSION,
  jobReturn,
  RUN_KEY_TTL,
  runKeys,
} from "./queue-jobs.js";
import { type SegmentTask, type TaskResult, taskSubject } from "./tasks.js";
import { decodeResult, encodeTask } from "./wire.js";

/** The segment's or the chunk's number. */
const taskIndex = (t: SegmentTask): number =>
  t.kind === "chunk" ? t.start.index : t.checkpoint.index;

/** A job for messages: "segment 3's round-1 job <id>", "chunk 2's job <id>". */
const jobWhat = (t: SegmentTask, round: number, id: string): string =>
  t.kind === "chunk"
    ? `${taskSubject(t)}'s job ${id}`
    : `${taskSubject(t)}'s round-${round} job ${id}`;

export { QueueJobError };

/** Options of `QueueRunner.open`. */
export interface QueueRunnerOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  redisUrl: string;
  /** The guest ELF and the private input, which the workers fetch by hash. */
  elf: Uint8Array;
  input: Uint8Array;
  /** The machine's coprocessor set (a worker with another set refuses the jobs). */
  coprocessors: readonly CoprocessorId[];
  /** BullMQ queue name (default "zkglue"); workers must be started on the same one. */
  queue?: string;
  /** Tries per job before the run fails (default 3); a stalled job's rerun is not a try. */
  attempts?: number;
}

/** A job waiting for its end. */
interface Waiter {
  finished: (ret: unknown) => void;
  failed: (reason: string) => void;
}

/** Segment and chunk tasks as jobs on a BullMQ queue, for one run. */
export class QueueRunner implements TaskRunner {
  /** This run's id: its jobs and keys are named after it. */
  readonly run = randomBytes(8).toString("hex");
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly redis: Redis;
  private readonly keys: ReturnType<typeof runKeys>;
  private readonly waiting = new Map<string, Waiter>();
  private readonly jobIds: string[] = [];
  private readonly blobs: { elf: string; input: string };
  private round = 0;

  private constructor(private readonly o: QueueRunnerOptions) {
    const name = o.queue ?? DEFAULT_QUEUE;
    const connection = { url: o.redisUrl };
    this.queue = new Queue(name, { connection });
    this.events = new QueueEvents(name, { connection });
    this.redis = new Redis(o.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    this.keys = runKeys(name, this.run);
    this.blobs = { elf: contentHash(o.elf), input: contentHash(o.input) };
    // Errors of these clients also surface in the calls that fail; unheard, they would crash.
    this.queue.on("error", () => {});
    this.events.on("error", () => {});
    this.redis.on("error", () => {});
  }

  /**
   * Connects, stores the ELF and the input, and listens for the run's jobs to finish.
   *
   * @example
   * const runner = await QueueRunner.open({ redisUrl, elf, input, coprocessors });
   * try { proof = await proveInRounds(m, program, runner, { input }); } finally { await runner.close(); }
   */
  static async open(o: QueueRunnerOptions): Promise<QueueRunner> {
    const r = new QueueRunner(o);
    try {
      await r.start();
    } catch (e) {
      await r.close();
      throw new QueueJobError(`cannot use the queue at ${o.redisUrl}: ${(e as Error).message}`);
    }
    return r;
  }

  private async start(): Promise<void> {
    await this.redis.connect();
    await this.redis
      .multi()
      .set(this.keys.blob(this.blobs.elf), Buffer.from(this.o.elf), "EX", RUN_KEY_TTL)
      .set(this.keys.blob(this.blobs.input), Buffer.from(this.o.input), "EX", RUN_KEY_TTL)
      .exec();
    this.events.on("completed", ({ jobId, returnvalue }) =>
      this.waiting.get(jobId)?.finished(returnvalue),
    );
    this.events.on("failed", ({ jobId, failedReason }) =>
      this.waiting.get(jobId)?.failed(failedReason),
    );
    // Listening before any job is added: no end can be missed.
    await this.events.waitUntilReady();
    await this.queue.waitUntilReady();
  }

  async submit(tasks: readonly SegmentTask[], onResult?: (k: number) => void): Promise<TaskBatch> {
    const round = ++this.round;
    const ids = tasks.map((t) => jobId(this.run, round, t.kind, taskIndex(t)));
    const ends = ids.map((id, k) =>
      this.end(id, jobWhat(tasks[k], round, id)).then((r) => (onResult?.(k), r)),
    );
    const results = Promise.all(ends);
    results.catch(() => {}); // the caller awaits it after its own work
    const attempts = this.o.attempts ?? 3;
    const coprocessors = coprocessorsToWire(this.o.coprocessors);
    this.jobIds.push(...ids);
    await this.queue.addBulk(
      tasks.map((task, k) => {
        const data: JobData = {
          version: JOB_VERSION,
          run: this.run,
          elf: this.blobs.elf,
          input: this.blobs.input,
          coprocessors,
          task: encodeTask(task),
        };
        const opts = {
          jobId: ids[k],
          attempts,
          backoff: { type: "exponential", delay: 1000 },
          // A finished job's result is under the run's keys: the job itself is not needed.
          removeOnComplete: true,
        };
        const name =
          task.kind === "chunk" ? taskSubject(task) : `${task.kind} ${taskSubject(task)}`;
        return { name, data, opts };
      }),
    );
    return { results };
  }

  /** The result of job `id` (`what`, for messages), once a worker has finished it. */
  private end(id: string, what: string): Promise<TaskResult> {
    return new Promise<TaskResult>((resolve, reject) => {
      this.waiting.set(id, {
        finished: (ret) => {
          this.waiting.delete(id);
          this.fetchResult(id, ret).then(resolve, (e: Error) =>
            reject(new QueueJobError(`${what}: ${e.message}`)),
          );
        },
        failed: (reason) => {
          this.waiting.delete(id);
          reject(new QueueJobError(`${what} failed for good: ${reason}`));
        },
      });
    });
  }

  /** Reads, checks and deletes the result a worker stored for job `id`. */
  private async fetchResult(id: string, ret: unknown): Promise<TaskResult> {
    const r = jobReturn.safeParse(ret);
    if (!r.success) throw new Error(`the worker returned ${JSON.stringify(ret)?.slice(0, 80)}`);
    const key = this.keys.result(id);
    const stored = await this.redis.getBuffer(key);
    await this.redis.del(key);
    if (stored === null) throw new Error("its worker stored no result");
    if (stored.length !== r.data.bytes || contentHash(stored) !== r.data.sha256)
      throw new Error("the stored result is not the one its worker returned");
    let json: unknown;
    try {
      json = JSON.parse(stored.toString("utf8"));
    } catch {
      throw new Error("the stored result is not JSON");
    }
    return decodeResult(json);
  }

  /** Deletes the run's jobs (those still waiting; a job in a worker's hands ends alone) and keys. */
  async close(): Promise<void> {
    for (const w of this.waiting.values()) w.failed("the run was closed");
    this.waiting.clear();
    try {
      if (this.redis.status === "ready") {
        await Promise.all(this.jobIds.map((id) => this.queue.remove(id).catch(() => 0)));
        const keys = [
          this.keys.blob(this.blobs.elf),
          this.keys.blob(this.blobs.input),
          ...this.jobIds.map((id) => this.keys.result(id)),
        ];
        await this.redis.del(...keys);
      }
    } finally {
      await Promise.allSettled([this.events.close(), this.queue.close()]);
      this.redis.disconnect();
    }
  }
}

/** Options of `proveReceiptOnQueue`. */
export interface ProveOnQueueOptions extends ProveReceiptOptions {
  /** The Redis server the workers take jobs from. */
  redisUrl: string;
  /** The guest ELF's bytes (the workers load the program from them). */
  elf: Uint8Array;
  /** The `--coprocessor` modules, for the hint when a worker's set differs. */
  modules?: readonly string[];
  /** BullMQ queue name (default "zkglue"). */
  queue?: string;
  /** Tries per job (default 3). */
  attempts?: number;
}

/**
 * `proveReceipt` with every segment but the last proven by `zkglue worker --queue` processes
 * through BullMQ on `redisUrl` (in two rounds, glue/parallel/coordinator.ts). The workers must
 * have the same coprocessors as `coprocessors` (the built-in ones and the same `--coprocessor`
 * modules). The receipt is byte for byte `proveReceipt`'s.
 *
 * @example
 * const { receipt } = await proveReceiptOnQueue(program, {
 *   redisUrl: "redis://127.0.0.1:6379", elf, input, coprocessors: builtinCoprocessors(),
 * });
 */
export async function proveReceiptOnQueue(
  program: Program,
  options: ProveOnQueueOptions,
): Promise<ReturnType<typeof proveReceipt>> {
  const m = buildMachine(program, { coprocessors: options.coprocessors });
  options.onPhase?.("setup");
  machineKeys(m);
  const runner = await QueueRunner.open({
    redisUrl: options.redisUrl,
    elf: options.elf,
    input: options.input ?? new Uint8Array(0),
    coprocessors: coprocessorIds(m.chips),
    queue: options.queue,
    attempts: options.attempts,
  });
  try {
    const { proofs, journal, handOvers, ...stats } = await proveInRounds(m, program, runner, {
      ...options,
      prove: { ...options.prove, zk: options.zk ?? true },
    });
    return { receipt: receiptOf(m, { proofs, journal, handOvers }), stats };
  } catch (e) {
    const modules = options.modules ?? [];
    if (e instanceof QueueJobError && /coprocessor set/.test(e.message) && modules.length > 0)
      e.message += ` (this run's --coprocessor modules: ${modules.join(" ")})`;
    throw e;
  } finally {
    await runner.close();
  }
}
