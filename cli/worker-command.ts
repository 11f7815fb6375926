/**
 * `zkglue worker --queue <redis-url> [--coprocessor <module>]... [--concurrency <n>]`: takes
 * segment jobs of `zkglue prove --queue` runs from BullMQ on that Redis server until stopped
 * (glue/parallel/queue-worker.ts).
 *
 * Each job is proven in a child process (glue/parallel/pool.ts `LocalWorkers`, one process per
 * program and input, kept for the next jobs of the same run), never on this process's thread:
 * BullMQ renews the job's lock from this event loop while the child works. SIGINT or SIGTERM
 * stops taking jobs and finishes those in hand; a second signal stops at once (the jobs in hand
 * run again elsewhere once their locks expire).
 */
import { coprocessorChip, coprocessorIds } from "../glue/coprocessor-chip.js";
import { LocalWorkers, workerScript } from "../glue/parallel/pool.js";
import { JobRefused, type RunFiles, type TaskExecutor } from "../glue/parallel/queue-worker.js";
import { startQueueWorker } from "../glue/parallel/queue-worker.js";
import type { SegmentTask, TaskResult } from "../glue/parallel/tasks.js";
import { hexId } from "../glue/receipt.js";
import { COPROCESSOR_OPTION, coprocessorUsage, machineCoprocessors } from "./coprocessors.js";
import { type Command, type Io, parseCommandLine, UsageError } from "./io.js";

const USAGE = `usage: zkglue worker --queue <redis-url> [--coprocessor <module>]... [--concurrency <n>]

Proves segments, and whole chunks of chains, for \`zkglue prove --queue <redis-url>\` runs, taking
jobs from the BullMQ queue on that Redis server until stopped (SIGINT or SIGTERM: finish the jobs
in hand; twice: stop now).
Start any number of workers, on any machines that reach the server; each needs the same
--coprocessor modules as the prover (a job for another coprocessor set fails, saying so).

options:
  --queue <redis-url>     redis://[user:password@]host:port[/db] (rediss:// for TLS)
  --concurrency <n>       jobs at once, each in its own prover process (default 1)
  --queue-name <name>     BullMQ queue name (default zkglue; the prover's --queue-name)
  --lock-duration <ms>    a job's lock, renewed while it runs: a killed worker's job runs
                          again elsewhere after about this long (default 30000)
  --stalled-interval <ms> how often this worker looks for stalled jobs (default 30000)
${coprocessorUsage()}`;

/** A positive integer option, or its default. */
function positive(v: string | undefined, what: string, fallback?: number): number | undefined {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= 1 && n <= 2 ** 31 - 1))
    throw new UsageError(`${what} ${v}: must be a positive integer`);
  return n;
}

function parse(argv: string[]) {
  const { values, positionals } = parseCommandLine(argv, {
    queue: { type: "string" },
    "queue-name": { type: "string" },
    concurrency: { type: "string" },
    "lock-duration": { type: "string" },
    "stalled-interval": { type: "string" },
    ...COPROCESSOR_OPTION,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.queue === undefined) throw new UsageError("missing --queue <redis-url>");
  if (!/^rediss?:\/\//.test(values.queue))
    throw new UsageError(`--queue ${values.queue}: expected a redis:// or rediss:// URL`);
  return {
    redisUrl: values.queue,
    queue: values["queue-name"],
    concurrency: positive(values.concurrency, "--concurrency", 1)!,
    lockDuration: positive(values["lock-duration"], "--lock-duration"),
    stalledInterval: positive(values["stalled-interval"], "--stalled-interval"),
    modules: values.coprocessor ?? [],
  };
}

/** A prover process set up for one program and input, and the program id it built. */
interface Prover {
  key: string;
  pool: LocalWorkers;
  programId: string;
}

/**
 * Runs each task in a `LocalWorkers` child of one process, set up per program and input; keeps
 * at most `limit` of them (one per job in hand), closing the oldest idle one to make room.
 */
export class ProcessExecutor implements TaskExecutor {
  private readonly idle: Prover[] = [];
  private count = 0;

  constructor(
    private readonly modules: readonly string[],
    private readonly limit: number,
    private readonly log: (line: string) => void = () => {},
  ) {}

  async run(files: RunFiles, task: SegmentTask): Promise<TaskResult> {
    const prover = await this.take(files);
    let healthy = false;
    try {
      if (hexId(task.programId) !== prover.programId)
        throw new JobRefused(
          `this worker built program ${prover.programId} from the run's ELF, the job is for ` +
            `${hexId(task.programId)}`,
        );
      const [result] = await (await prover.pool.submit([task])).results;
      healthy = true;
      return result;
    } finally {
      // After a failure the process may be dead or in an unknown state: start a fresh one.
      if (healthy) this.idle.push(prover);
      else await this.drop(prover);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((p) => this.drop(p)));
  }

  private async take(files: RunFiles): Promise<Prover> {
    const i = this.idle.findIndex((p) => p.key === files.key);
    if (i >= 0) return this.idle.splice(i, 1)[0];
    if (this.count >= this.limit && this.idle.length > 0) await this.drop(this.idle.shift()!);
    const { elf, input } = await files.fetch();
    this.log(`setting up a prover process for program/input ${files.key.slice(0, 12)}…`);
    const script = workerScript(new URL(".", import.meta.url), "worker");
    const pool = new LocalWorkers(script, 1, { elf, input, modules: [...this.modules] });
    this.count++;
    const prover: Prover = { key: files.key, pool, programId: "" };
    try {
      prover.programId = hexId(await pool.ready());
    } catch (e) {
      await this.drop(prover);
      throw e;
    }
    return prover;
  }

  private async drop(p: Prover): Promise<void> {
    this.count--;
    await p.pool.close();
  }
}

async function workerMain(argv: string[], io: Io): Promise<number> {
  const args = parse(argv);
  const log = (line: string) => io.stderr(`[${new Date().toISOString()}] ${line}\n`);
  const coprocessors = await machineCoprocessors(args.modules);
  const ids = coprocessorIds(coprocessors.map(coprocessorChip));
  const executor = new ProcessExecutor(args.modules, args.concurrency, log);
  const worker = await startQueueWorker({
    redisUrl: args.redisUrl,
    queue: args.queue,
    coprocessors: ids,
    executor,
    concurrency: args.concurrency,
    lockDuration: args.lockDuration,
    stalledInterval: args.stalledInterval,
    log,
  });
  await new Promise<void>((stopped) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        log(`${signal} again: stopping now`);
        // Closing talks to Redis, which may be the thing that is gone: do not wait long.
        setTimeout(() => process.exit(130), 3000).unref();
        worker.close(true).finally(stopped);
        return;
      }
      stopping = true;
      log(`${signal}: finishing the jobs in hand, then stopping (${signal} again: stop now)`);
      worker.close().finally(stopped);
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
  });
  log("stopped");
  return 0;
}

/** The `worker` subcommand. */
export const workerCommand: Command = {
  summary: "prove segments and chunks of `zkglue prove --queue` runs, from a BullMQ queue on Redis",
  usage: USAGE,
  main: workerMain,
};
