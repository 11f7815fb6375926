/**
 * Segment trace generation on worker threads: each worker holds the machine, the program and the
 * input, and turns checkpoints into segment witnesses (glue/segment-trace.ts); the coordinator
 * hands out checkpoints as workers become free and puts the results back in segment order.
 *
 * Threads rather than processes: a segment's tables are hundreds of megabytes at 2^20 cycles,
 * and a thread hands them back by transferring their buffers (no copy), where a process would
 * copy them through a pipe. A checkpoint and a summary are plain typed arrays either way, so the
 * same messages serve worker processes and job queues.
 *
 * A worker script builds its machine (coprocessors are code, not data, so they cannot be posted)
 * and calls `serveSegments`; `cli/trace-worker.ts` is the CLI's.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parentPort, Worker } from "node:worker_threads";
import type { Machine } from "../machine.js";
import type { Checkpoint } from "../riscv/checkpoint.js";
import type { Program } from "../riscv/elf.js";
import { segmentWitness, type SegmentWitness } from "../segment-trace.js";

/** A request: job number (so a late answer to a failed job is told apart) and checkpoint. */
interface Request {
  job: number;
  checkpoint: Checkpoint;
}

/** A worker's answer: the segment's witness, or why it could not be generated. */
type Reply = { job: number; index: number } & ({ witness: SegmentWitness } | { error: string });

/** Every ArrayBuffer under `x` (typed arrays in plain objects and arrays), each once. */
function buffers(x: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(x)) {
    if (x.buffer instanceof ArrayBuffer) out.add(x.buffer);
  } else if (Array.isArray(x)) {
    for (const v of x) buffers(v, out);
  } else if (x !== null && typeof x === "object") {
    for (const v of Object.values(x)) buffers(v, out);
  }
  return [...out];
}

/**
 * Serves segment requests in a worker thread: each message is a checkpoint, each reply its
 * segment's witness (buffers transferred) or an error naming the segment.
 */
export function serveSegments(m: Machine, program: Program, input: Uint8Array): void {
  const port = parentPort;
  if (port === null) throw new Error("serveSegments runs in a worker thread");
  port.on("message", ({ job, checkpoint: c }: Request) => {
    let reply: Reply;
    try {
      reply = { job, index: c.index, witness: segmentWitness(m, program, input, c) };
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      reply = { job, index: c.index, error };
    }
    port.postMessage(reply, "witness" in reply ? buffers(reply.witness) : []);
  });
}

/**
 * The script at `dir/name.ts` when running from source (loaded through tsx), else `name.js`
 * (the built package).
 */
export function workerScript(dir: URL, name: string): URL {
  const ts = new URL(`${name}.ts`, dir);
  return existsSync(fileURLToPath(ts)) ? ts : new URL(`${name}.js`, dir);
}

/**
 * A worker entry that loads TypeScript `script` through tsx (running from source): Node 20 does
 * not apply `--import tsx` given in a worker's execArgv, so the entry registers tsx's ESM hooks
 * itself, then imports the script.
 */
function viaTsx(script: URL): URL {
  // tsx's package exports "./esm/api" as dist/esm/api/index.cjs (require) and index.mjs (import).
  const cjs = createRequire(import.meta.url).resolve("tsx/esm/api");
  const api = pathToFileURL(cjs.replace(/\.cjs$/, ".mjs")).href;
  const code =
    `import { register } from ${JSON.stringify(api)}; register(); ` +
    `await import(${JSON.stringify(script.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** One `generate` call in flight: its checkpoints, results and settlement. */
interface Job {
  id: number;
  checkpoints: readonly Checkpoint[];
  out: SegmentWitness[];
  next: number;
  done: number;
  resolve: (w: SegmentWitness[]) => void;
  reject: (e: Error) => void;
}

/** Worker threads generating segment witnesses from checkpoints, one `generate` at a time. */
export class SegmentWorkers {
  private readonly workers: Worker[];
  private job: Job | null = null;
  private jobs = 0;
  private closing = false;

  /**
   * Starts `n` workers running `script` with `workerData` (what the script needs to build its
   * machine, program and input).
   */
  constructor(script: URL, n: number, workerData: unknown) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${n} workers: need at least one`);
    const entry = script.pathname.endsWith(".ts") ? viaTsx(script) : script;
    // Listeners are attached once: a Worker's own listeners must not be removed between jobs.
    this.workers = Array.from({ length: n }, () => {
      const w = new Worker(entry, { workerData });
      w.on("message", (r: Reply) => this.reply(w, r));
      w.on("error", (e) => this.fail(new Error(`a segment worker failed: ${e.message}`)));
      w.on("exit", (code) => {
        if (!this.closing) this.fail(new Error(`a segment worker exited with code ${code}`));
      });
      return w;
    });
  }

  /** The witnesses of `checkpoints`' segments, in their order; rejects on the first failure. */
  generate(checkpoints: readonly Checkpoint[]): Promise<SegmentWitness[]> {
    if (this.job !== null) throw new Error("SegmentWorkers: one generate() at a time");
    return new Promise((resolve, reject) => {
      const out: SegmentWitness[] = new Array(checkpoints.length);
      if (checkpoints.length === 0) return resolve(out);
      this.job = { id: ++this.jobs, checkpoints, out, next: 0, done: 0, resolve, reject };
      for (const w of this.workers) this.feed(w);
    });
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private feed(w: Worker): void {
    const job = this.job;
    if (job !== null && job.next < job.checkpoints.length) {
      const req: Request = { job: job.id, checkpoint: job.checkpoints[job.next++] };
      w.postMessage(req);
    }
  }

  private reply(w: Worker, r: Reply): void {
    const job = this.job;
    if (job === null || r.job !== job.id) return; // a late answer to a job that failed
    if ("error" in r) return this.fail(new Error(`segment ${r.index}: ${r.error}`));
    job.out[r.index] = r.witness;
    if (++job.done === job.checkpoints.length) {
      this.job = null;
      return job.resolve(job.out);
    }
    this.feed(w);
  }

  private fail(e: Error): void {
    const job = this.job;
    this.job = null;
    job?.reject(e);
  }
}
