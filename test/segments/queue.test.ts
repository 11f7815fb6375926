/**
 * `zkglue prove --queue` / `zkglue worker --queue`: segments proven by worker processes through
 * BullMQ on a Redis server of the test's own give the single-process receipt, byte for byte,
 * with two or three workers and when a worker is killed holding a job; a worker with another
 * coprocessor set fails its jobs saying so; a worker that answers wrongly is caught by the
 * coordinator; a chain's whole chunks proven by queue workers give the in-process chain receipt.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { coprocessorIds } from "../../glue/coprocessor-chip.js";
import { buildMachine } from "../../glue/machine.js";
import { proveChain, serializeChainReceipt } from "../../glue/paging/chain.js";
import { proveInRounds, WorkerResultError } from "../../glue/parallel/coordinator.js";
import { proveReceiptOnQueue, QueueJobError, QueueRunner } from "../../glue/parallel/queue.js";
import { startQueueWorker, type TaskExecutor } from "../../glue/parallel/queue-worker.js";
import {
  type CommitTask,
  type ProveTask,
  runSegmentTask,
  segmentContext,
  type TaskResult,
} from "../../glue/parallel/tasks.js";
import { programIdOf, proveReceipt, serializeReceipt, verifyReceipt } from "../../glue/receipt.js";
import { executeWithCheckpoints, loadElf } from "../../glue/riscv/index.js";
import { startRedis, type TestRedis } from "./redis.js";

const elf = new Uint8Array(readFileSync("examples/guests/read_input.elf"));
const program = loadElf(elf);
const input = new TextEncoder().encode("segments through a job queue");
const coprocessors = builtinCoprocessors();
const segmentCycles = 128;

let redis: TestRedis;
let expected: Buffer;
let queues = 0;
/** A queue of its own per test: nothing a test leaves behind reaches the next. */
const freshQueue = () => `test-${process.pid}-${++queues}`;

/** A `zkglue worker` process and the lines it has written to stderr. */
interface CliWorker {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line (already written or to come) matching `re`. */
  line(re: RegExp): Promise<string>;
  /** SIGTERM, then waits for the process to end. */
  stop(): Promise<void>;
}

// Short locks so that a killed worker's job runs again within seconds: the worker's event loop
// is free while its child proves, so it renews its locks on time even on a busy machine.
const FAST_STALLS = ["--lock-duration", "3000", "--stalled-interval", "1000"];

function cliWorker(queue: string, extra: string[] = []): CliWorker {
  const args = ["--import", "tsx", "cli/main.ts", "worker", "--queue", redis.url];
  const child = spawn(
    process.execPath,
    [...args, "--queue-name", queue, ...FAST_STALLS, ...extra],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const lines: string[] = [];
  const listeners: (() => void)[] = [];
  let partial = "";
  child.stderr!.on("data", (d: Buffer) => {
    const parts = (partial + d.toString()).split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
    listeners.forEach((f) => f());
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return {
    child,
    lines,
    line: (re) =>
      new Promise((resolve, reject) => {
        const look = () => {
          const hit = lines.find((l) => re.test(l));
          if (hit !== undefined) resolve(hit);
        };
        listeners.push(look);
        look();
        exited.then(() => reject(new Error(`worker exited before ${re}:\n${lines.join("\n")}`)));
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Runs `body` with `n` CLI workers on a fresh queue, stopping them after. */
async function withWorkers<T>(
  n: number,
  body: (queue: string, workers: CliWorker[]) => Promise<T>,
  extra: string[] = [],
): Promise<T> {
  const queue = freshQueue();
  const workers = Array.from({ length: n }, () => cliWorker(queue, extra));
  try {
    await Promise.all(workers.map((w) => w.line(/waiting for jobs/)));
    return await body(queue, workers);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

const onQueue = (queue: string, zk = false) =>
  proveReceiptOnQueue(program, {
    redisUrl: redis.url,
    queue,
    elf,
    input,
    coprocessors,
    segmentCycles,
    zk,
  });

const bytesOf = (r: Awaited<ReturnType<typeof onQueue>>) =>
  Buffer.from(serializeReceipt(r.receipt));

beforeAll(async () => {
  redis = await startRedis();
  // zk off: a zero-knowledge receipt is randomized; the byte-for-byte comparisons need zk off.
  const one = proveReceipt(program, { input, coprocessors, segmentCycles, zk: false });
  expect(one.stats.segments).toBeGreaterThanOrEqual(3);
  expected = Buffer.from(serializeReceipt(one.receipt));
}, 120_000);

afterAll(async () => {
  await redis?.stop();
});

describe("proving a chain's whole chunks through a BullMQ queue", () => {
  const chainElf = new Uint8Array(readFileSync("examples/guests/page_kinds.elf"));
  const chainProgram = loadElf(chainElf);
  const options = {
    input: new Uint8Array(Uint32Array.of(64).buffer), // u32 LE
    coprocessors,
    chunkCycles: 1024,
    segmentCycles: 512,
    prove: { zk: false },
  };

  it("gives the in-process chain receipt, byte for byte", async () => {
    const local = await proveChain(chainProgram, options);
    expect(local.chunks.length).toBeGreaterThanOrEqual(2);
    const ids = coprocessorIds(buildMachine(chainProgram, { coprocessors }).chips);
    const got = await withWorkers(2, async (queue, workers) => {
      const runner = await QueueRunner.open({
        redisUrl: redis.url,
        queue,
        elf: chainElf,
        input: options.input,
        coprocessors: ids,
      });
      try {
        const proven = await proveChain(chainProgram, { ...options, chunkRunner: runner });
        // Every chunk was a job of its own, done by a worker. A worker logs "done" on BullMQ's
        // completed event, after the result is in Redis: the prover may have it first (seen in
        // CI: 2 of 3 lines read when the chain was done), so wait for the lines a little.
        const done = () =>
          workers.flatMap((w) => w.lines.filter((l) => /\(chunk \d+\): done/.test(l)));
        for (let t = 0; t < 100 && done().length < local.chunks.length; t++)
          await new Promise((r) => setTimeout(r, 50));
        expect(done().length).toBe(local.chunks.length);
        return proven;
      } finally {
        await runner.close();
      }
    });
    const bytes = (r: typeof got) => Buffer.from(serializeChainReceipt(r.receipt));
    expect(bytes(got).equals(bytes(local))).toBe(true);
  }, 180_000);
});

describe("proving through a BullMQ queue", () => {
  it("gives a zero-knowledge receipt that verifies (each part's seed in both its jobs)", async () => {
    const got = await withWorkers(2, (queue) => onQueue(queue, true));
    expect(got.receipt.proofs.every((p) => p.zk === true)).toBe(true);
    expect(verifyReceipt(got.receipt, programIdOf(program, coprocessors), coprocessors)).toEqual(
      got.receipt.journal,
    );
    expect(bytesOf(got).equals(expected)).toBe(false);
  }, 180_000);

  it("gives the single-process receipt with two workers", async () => {
    const got = await withWorkers(2, (queue) => onQueue(queue));
    expect(bytesOf(got).equals(expected)).toBe(true);
  }, 120_000);

  it("gives the single-process receipt with three workers", async () => {
    const got = await withWorkers(3, (queue) => onQueue(queue));
    expect(bytesOf(got).equals(expected)).toBe(true);
  }, 120_000);

  it("gives the same receipt when a worker is killed holding a job", async () => {
    await withWorkers(2, async (queue, [a, b]) => {
      const proving = onQueue(queue);
      // A's first job sets up its prover process (seconds): it is still in A's hands.
      const started = await a.line(/job \S+ \(.*\): started/);
      const job = started.match(/job (\S+) /)![1];
      a.child.kill("SIGKILL");
      const got = await proving;
      expect(bytesOf(got).equals(expected)).toBe(true);
      // The job A held ran again, on B, once its lock had expired.
      expect(b.lines.some((l) => l.includes(`job ${job} `) && l.includes("done in"))).toBe(true);
    });
  }, 120_000);

  it("fails clearly when a worker has another coprocessor set", async () => {
    const extra = ["--coprocessor", "examples/coprocessors/keccak/index.ts"];
    const run = withWorkers(1, (queue) => onQueue(queue), extra);
    await expect(run).rejects.toThrow(QueueJobError);
    await expect(run).rejects.toThrow(
      /segment \d+'s round-1 job .* failed for good: worker .*coprocessor set mismatch.*keccak/,
    );
  }, 120_000);
});

/** The tasks of `proveInRounds`' two rounds. */
type RoundTask = CommitTask | ProveTask;

describe("a worker that answers wrongly", () => {
  const m = buildMachine(program, { coprocessors });
  const ctx = segmentContext(m, program, input);
  const { checkpoints } = executeWithCheckpoints(program, segmentCycles, { input, coprocessors });

  /** An in-process worker (the segments are tiny) whose answers are `lie`'s. */
  async function lyingRun(lie: (task: RoundTask) => TaskResult) {
    const queue = freshQueue();
    const executor: TaskExecutor = {
      run: async (_files, task) => {
        if (task.kind === "chunk") throw new Error("proveInRounds handed out a chunk task");
        return lie(task);
      },
      close: async () => {},
    };
    const ids = coprocessorIds(m.chips);
    const worker = await startQueueWorker({
      redisUrl: redis.url,
      queue,
      coprocessors: ids,
      executor,
    });
    const runner = await QueueRunner.open({
      redisUrl: redis.url,
      queue,
      elf,
      input,
      coprocessors: ids,
      attempts: 1,
    });
    try {
      return await proveInRounds(m, program, runner, { input, segmentCycles });
    } finally {
      await runner.close();
      await worker.close();
    }
  }

  it("is caught when it answers for another segment", async () => {
    const swap = (task: RoundTask): TaskResult => {
      const r = runSegmentTask(ctx, task);
      if (r.kind !== "commit" || r.index !== 1) return r;
      return { ...r, index: 0, summary: { ...r.summary, index: 0 } };
    };
    await expect(lyingRun(swap)).rejects.toThrow(/round 1: a worker answered segment 1/);
  }, 120_000);

  it("is caught when its proof is another segment's", async () => {
    const other = (task: RoundTask): TaskResult => {
      if (task.kind !== "prove" || task.checkpoint.index !== 1) return runSegmentTask(ctx, task);
      return { ...runSegmentTask(ctx, { ...task, checkpoint: checkpoints[0] }), index: 1 };
    };
    const run = lyingRun(other);
    await expect(run).rejects.toThrow(WorkerResultError);
    await expect(run).rejects.toThrow(
      /round 2: segment 1's proof is not over its round-1 main root/,
    );
  }, 120_000);

  it("fails the run when its root is not its trace's (the segment's prover refuses it)", async () => {
    const flip = (task: RoundTask): TaskResult => {
      const r = runSegmentTask(ctx, task);
      if (r.kind !== "commit" || r.index !== 1) return r;
      const root = r.root.slice();
      root[0] ^= 1;
      return { ...r, root };
    };
    const run = lyingRun(flip);
    await expect(run).rejects.toThrow(QueueJobError);
    await expect(run).rejects.toThrow(
      /segment 1's round-2 job .* failed for good: .*changed since it was committed/,
    );
  }, 120_000);
});
