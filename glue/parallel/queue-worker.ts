/**
 * The worker side of the job queue (glue/parallel/queue.ts): a BullMQ worker that takes segment
 * and chunk jobs, checks them, fetches the run's ELF and input by hash when it has no context for them,
 * hands the task to an executor, stores the encoded result under the run's key and returns its
 * hash.
 *
 * The executor must not prove on this thread: BullMQ renews a job's lock from this event loop,
 * and proving blocks a loop for seconds to minutes, so every long job would look stalled and be
 * run twice. The CLI's executor (cli/worker-command.ts) proves in a child process, which runs
 * every kind of task with `runTask` (glue/parallel/pool.ts `serveTasks`); tests may plug in
 * their own (a worker that lies, say).
 *
 * A job that can never succeed here — malformed, of another job version, for another coprocessor
 * set or program, its run's files gone — fails at once (BullMQ's `UnrecoverableError`), with a
 * message naming this worker. Anything else (the prover process died, say) is retried, on this
 * worker or another.
 */
import { hostname } from "node:os";
import { type Job, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { CoprocessorId } from "../coprocessor-chip.js";
import {
  contentHash,
  coprocessorsFromWire,
  DEFAULT_QUEUE,
  jobData,
  JOB_VERSION,
  type JobReturn,
  RUN_KEY_TTL,
  runKeys,
} from "./queue-jobs.js";
import type { SegmentTask, TaskResult } from "./tasks.js";
import { decodeTask, encodeResult } from "./wire.js";

/** A run's program and input, named by their hashes, fetched only when needed. */
export interface RunFiles {
  /** `elf-hash/input-hash`: the context a worker can keep across jobs and runs. */
  key: string;
  fetch(): Promise<{ elf: Uint8Array; input: Uint8Array }>;
}

/** Runs tasks of any kind away from the worker's event loop, keeping contexts across jobs. */
export interface TaskExecutor {
  /** The result of `task` for the program and input of `files`. */
  run(files: RunFiles, task: SegmentTask): Promise<TaskResult>;
  /** Stops whatever the executor started. */
  close(): Promise<void>;
}

/** A job this worker can never do: failing it at once is the only useful answer. */
export class JobRefused extends UnrecoverableError {}

/** Options of `startQueueWorker`. */
export interface QueueWorkerOptions {
  redisUrl: string;
  /** This worker's coprocessor set (jobs for another set are refused). */
  coprocessors: readonly CoprocessorId[];
  executor: TaskExecutor;
  /** BullMQ queue name (default "zkglue"). */
  queue?: string;
  /** Jobs at once (default 1); each needs its own prover process and memory. */
  concurrency?: number;
  /** BullMQ lock timing (ms): a dead worker's job runs again after about lockDuration. */
  lockDuration?: number;
  stalledInterval?: number;
  /** Stalls a job may have before it fails (BullMQ's maxStalledCount; default 2). */
  maxStalledCount?: number;
  /** This worker's name in logs and errors (default host:pid). */
  name?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** A running queue worker. */
export interface QueueWorker {
  readonly name: string;
  /** Stops taking jobs; waits for those in hand unless `force`; stops the executor. */
  close(force?: boolean): Promise<void>;
}

/** A coprocessor set as one comparable string (order matters: it is the table order). */
const coprocessorSet = (ids: readonly CoprocessorId[]) =>
  ids.map((c) => `${c.name}/${c.syscall}/${bytesToHex(c.air)}`).join(",");
/** A coprocessor set for people: names, syscall numbers, the start of their AIR digests. */
const showSet = (ids: readonly CoprocessorId[]) =>
  `[${ids.map((c) => `${c.name} 0x${c.syscall.toString(16)} AIR ${bytesToHex(c.air).slice(0, 8)}`).join(", ")}]`;

/** What a job is, for log lines and errors. */
const describeJob = (job: Job) => `job ${job.id} (${job.name})`;

/**
 * Starts a worker taking segment and chunk jobs from the queue on `redisUrl`; resolves once connected.
 *
 * @example
 * const w = await startQueueWorker({ redisUrl, coprocessors, executor, log: console.error });
 * process.on("SIGTERM", () => w.close());
 */
export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const name = o.name ?? `${hostname()}:${process.pid}`;
  const queue = o.queue ?? DEFAULT_QUEUE;
  const log = o.log ?? (() => {});
  const redis = new Redis(o.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  redis.on("error", () => {}); // reported by the commands that fail
  await redis.connect();
  const refuse = (msg: string): never => {
    throw new JobRefused(`worker ${name}: ${msg}`);
  };

  const handle = async (job: Job): Promise<JobReturn> => {
    const env = jobData.safeParse(job.data);
    if (!env.success) {
      const v = (job.data as { version?: unknown } | null)?.version;
      if (v !== JOB_VERSION) refuse(`job version ${String(v)}, this worker reads ${JOB_VERSION}`);
      refuse(
        `malformed job: ${env.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    }
    const data = env.data!;
    const theirs = coprocessorsFromWire(data.coprocessors);
    if (coprocessorSet(theirs) !== coprocessorSet(o.coprocessors))
      refuse(
        `coprocessor set mismatch: the prover's machine has ${showSet(theirs)}, this worker's ` +
          `${showSet(o.coprocessors)} (start the worker with the prover's --coprocessor modules)`,
      );
    let task: SegmentTask;
    try {
      task = decodeTask(data.task);
    } catch (e) {
      return refuse((e as Error).message);
    }
    const keys = runKeys(queue, data.run);
    const files: RunFiles = {
      key: `${data.elf}/${data.input}`,
      fetch: async () => {
        const [elf, input] = await Promise.all([
          redis.getBuffer(keys.blob(data.elf)),
          redis.getBuffer(keys.blob(data.input)),
        ]);
        if (elf === null || input === null)
          refuse(`run ${data.run}'s ELF or input is no longer in Redis (its prover stopped?)`);
        if (contentHash(elf!) !== data.elf || contentHash(input!) !== data.input)
          refuse(`run ${data.run}'s stored ELF or input does not have the hash its job names`);
        return { elf: new Uint8Array(elf!), input: new Uint8Array(input!) };
      },
    };
    const result = await o.executor.run(files, task);
    const bytes = Buffer.from(JSON.stringify(encodeResult(result)));
    await redis.set(keys.result(job.id!), bytes, "EX", RUN_KEY_TTL);
    return { sha256: contentHash(bytes), bytes: bytes.length };
  };

  const worker = new Worker(
    queue,
    async (job: Job) => {
      try {
        return await handle(job);
      } catch (e) {
        // Named here: the prover reports this message as the job's failure reason.
        const err = e instanceof Error ? e : new Error(String(e));
        if (!err.message.startsWith(`worker ${name}:`))
          err.message = `worker ${name}: ${err.message}`;
        throw err;
      }
    },
    {
      connection: { url: o.redisUrl },
      name,
      concurrency: o.concurrency ?? 1,
      // BullMQ takes an undefined option as given, not as its default.
      ...(o.lockDuration === undefined ? {} : { lockDuration: o.lockDuration }),
      ...(o.stalledInterval === undefined ? {} : { stalledInterval: o.stalledInterval }),
      maxStalledCount: o.maxStalledCount ?? 2,
      // The prover reads a failure from the job's event; failed jobs are deleted with its run.
      removeOnFail: { age: RUN_KEY_TTL },
      autorun: false,
    },
  );
  const started = new Map<string, number>();
  worker.on("active", (job) => {
    started.set(job.id!, performance.now());
    log(`${describeJob(job)}: started`);
  });
  worker.on("completed", (job) => {
    const ms = performance.now() - (started.get(job.id!) ?? performance.now());
    started.delete(job.id!);
    log(`${describeJob(job)}: done in ${(ms / 1000).toFixed(1)} s`);
  });
  worker.on("failed", (job, e) => {
    if (job !== undefined) started.delete(job.id!);
    log(`${job === undefined ? "a job" : describeJob(job)}: failed: ${e.message}`);
  });
  let lastError = "";
  worker.on("error", (e) => {
    // While Redis is unreachable the same error comes every few seconds: say it once.
    if (e.message !== lastError) log(`queue error: ${e.message}`);
    lastError = e.message;
  });
  worker.on("ready", () => (lastError = ""));
  void worker.run().catch((e: Error) => log(`worker stopped: ${e.message}`));
  await worker.waitUntilReady();
  log(`worker ${name}: waiting for jobs on queue "${queue}"`);

  return {
    name,
    async close(force = false) {
      await worker.close(force);
      await o.executor.close();
      redis.disconnect();
    },
  };
}
