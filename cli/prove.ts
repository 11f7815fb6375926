/**
 * `zkglue prove <elf> [--input <file>] [-o <receipt>] [--segment-cycles <n>] [--workers <n>]`:
 * executes the guest, proves the run (in segments of n cycles) and writes its receipt. With
 * --workers, every segment but the last is proven from its checkpoint on that many local worker
 * processes (cli/worker.ts) in two rounds; the receipt is byte for byte the one of one process. Progress (segment,
 * phase and percentage) goes to stderr — rewritten in place on a terminal, one line per phase
 * otherwise; a summary (cycles, segments, rows per table, trace cells, prove time, proof size,
 * program id) goes to stdout. A run that fails (non-zero exit code, guest error) is refused with
 * status 1: only exit code 0 has a receipt.
 */
import { writeFileSync } from "node:fs";
import { GuestError } from "../glue/riscv/index.js";
import { checkSegmentCycles } from "../glue/chips/generate.js";
import { buildMachine, machineProgramId } from "../glue/machine.js";
import { proveInRounds, WorkerResultError } from "../glue/parallel/coordinator.js";
import { LocalWorkers, WorkerError, workerScript } from "../glue/parallel/pool.js";
import { QueueJobError } from "../glue/parallel/queue-error.js";
import {
  hexId,
  proveReceipt,
  type ProveReceiptOptions,
  receiptOf,
  serializeReceipt,
} from "../glue/receipt.js";
import type { Program } from "../glue/riscv/index.js";
import { type ChainArgs, proveChainCommand } from "./prove-chain.js";
import {
  COPROCESSOR_OPTION,
  coprocessorUsage,
  machineCoprocessors,
  syscallHint,
} from "./coprocessors.js";
import {
  UsageError,
  loadUserElf,
  readUserFile,
  type Command,
  type Io,
  parseCommandLine,
} from "./io.js";

const USAGE = `usage: zkglue prove <elf> [--input <file>] [-o <receipt>] [--segment-cycles <n>]
                    [--chunk-cycles <n>] [--workers <n> | --queue <redis-url> [--queue-name <name>]]
                    [--no-zk] [--coprocessor <module>]...

Executes a static RV32IM guest ELF, proves the run and writes its receipt. The machine has the
built-in coprocessors and those of the --coprocessor modules; the program id binds them, so
verifying needs the same --coprocessor modules.

options:
  --input <file>          private input the guest reads with the read syscall (default: none)
  -o, --output <file>     where to write the receipt (default: receipt.bin)
  --segment-cycles <n>    cycles per segment, a power of two in [8, 4194304] (default 524288,
                          1048576 with --no-zk); proving memory grows with it, a receipt holds
                          one proof per segment
  --chunk-cycles <n>      prove the run as a chain of chunks of n cycles (a multiple of the
                          segment length), each from the memory image id the previous one ends
                          at: runs of any length (one proof holds 50–65 million cycles);
                          writes a chain receipt, which zkglue verify also checks
  --workers <n>           prove every segment but the last on n local worker processes, from
                          checkpoints, in two rounds (with --no-zk, the receipt is the same byte
                          for byte)
  --queue <redis-url>     the same through a BullMQ queue on Redis, for \`zkglue worker --queue\`
                          processes on any machines (glue/parallel/README.md)
  --queue-name <name>     the BullMQ queue's name (default zkglue; workers must use the same)
  --no-zk                 an ordinary, deterministic proof instead of a zero-knowledge one (smaller
                          and about 1.4-2x faster, but it can reveal private input)
${coprocessorUsage()}`;

/** Share of the progress bar before the STARK prover starts. */
const BEFORE_PROVING: Record<string, number> = { setup: 0, execute: 2, "trace generation": 5 };
const PROVING_FROM = 10;

/**
 * Progress through the prover: every part's main trace is committed once, then each part is
 * proven (committed again but the last, lookup, quotient, open): 5k − 1 phases for k parts
 * (5k − 2 when the part before a short last one stays committed: the bar then ends one phase
 * early, and "done" takes it to 100 %).
 */
function progress(): (phase: string, part?: number, parts?: number) => [number, string] {
  let done = 0;
  return (phase, part, parts) => {
    if (part === undefined || parts === undefined) return [BEFORE_PROVING[phase] ?? 0, phase];
    const pct = PROVING_FROM + ((100 - PROVING_FROM) * done++) / (5 * parts - 1);
    return [pct, parts > 1 ? `segment ${part + 1}/${parts}: ${phase}` : phase];
  };
}

/**
 * Progress of a proof in two rounds on workers: round 1 commits every segment but the last on
 * the workers (5–50 %), round 2 proves them there while this process proves the last part.
 */
function roundsProgress(): (phase: string, part?: number, parts?: number) => [number, string] {
  let committed = 0;
  let proven = 0;
  const start: Record<string, number> = { setup: 0, execute: 2, "round 1": 5, "round 2": 50 };
  return (phase, part, parts) => {
    if (part === undefined || parts === undefined) return [start[phase] ?? 0, phase];
    const others = Math.max(1, parts - 1);
    if (phase === "segment committed")
      return [
        5 + (45 * ++committed) / others,
        `round 1: ${committed}/${others} segments committed`,
      ];
    if (phase === "segment proven")
      return [50 + (45 * ++proven) / others, `round 2: ${proven}/${others} segments proven`];
    return [50 + (45 * proven) / others, `round 2: last segment and global tables: ${phase}`];
  };
}

function parse(argv: string[]) {
  const parsed = parseCommandLine(argv, {
    input: { type: "string" },
    output: { type: "string", short: "o" },
    "segment-cycles": { type: "string" },
    "chunk-cycles": { type: "string" },
    workers: { type: "string" },
    queue: { type: "string" },
    "queue-name": { type: "string" },
    "no-zk": { type: "boolean" },
    ...COPROCESSOR_OPTION,
  });
  if (parsed.positionals.length !== 1)
    throw new UsageError(parsed.positionals.length === 0 ? "missing <elf>" : "expected one <elf>");
  const seg = parsed.values["segment-cycles"];
  const segmentCycles = seg === undefined ? undefined : Number(seg);
  if (segmentCycles !== undefined) {
    try {
      checkSegmentCycles(segmentCycles);
    } catch (e) {
      throw new UsageError(`--segment-cycles ${seg}: ${(e as Error).message}`);
    }
  }
  const ch = parsed.values["chunk-cycles"];
  const chunkCycles = ch === undefined ? undefined : Number(ch);
  if (chunkCycles !== undefined && !(Number.isInteger(chunkCycles) && chunkCycles >= 8))
    throw new UsageError(`--chunk-cycles ${ch}: must be an integer ≥ 8`);
  const w = parsed.values.workers;
  const workers = w === undefined ? undefined : Number(w);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 256))
    throw new UsageError(`--workers ${w}: must be an integer in [1, 256]`);
  const queue = parsed.values.queue;
  if (queue !== undefined && workers !== undefined)
    throw new UsageError("--workers and --queue: choose one");
  if (queue !== undefined && !/^rediss?:\/\//.test(queue))
    throw new UsageError(`--queue ${queue}: expected a redis:// or rediss:// URL`);
  if (parsed.values["queue-name"] !== undefined && queue === undefined)
    throw new UsageError("--queue-name needs --queue");
  return {
    workers,
    queue,
    queueName: parsed.values["queue-name"],
    zk: parsed.values["no-zk"] !== true,
    elf: parsed.positionals[0],
    input: parsed.values.input,
    output: parsed.values.output ?? "receipt.bin",
    segmentCycles,
    chunkCycles,
    modules: parsed.values.coprocessor ?? [],
  };
}

async function proveMain(argv: string[], io: Io): Promise<number> {
  const args = parse(argv);
  const elf = readUserFile(args.elf, "ELF file");
  const program = loadUserElf(args.elf);
  const input =
    args.input === undefined ? new Uint8Array(0) : readUserFile(args.input, "input file");
  const coprocessors = await machineCoprocessors(args.modules);
  if (args.chunkCycles !== undefined)
    return proveChainOrExplain(
      { ...args, chunkCycles: args.chunkCycles },
      program,
      elf,
      input,
      coprocessors,
      io,
    );
  const tty = process.stderr.isTTY === true;
  const t0 = performance.now();
  const where =
    args.workers === undefined && args.queue === undefined ? progress() : roundsProgress();
  const onPhase = (phase: string, part?: number, parts?: number) => {
    const [pct, what] = where(phase, part, parts);
    const line = `[${String(Math.round(pct)).padStart(3)}%] ${what} (${((performance.now() - t0) / 1000).toFixed(1)} s)`;
    io.stderr(tty ? `\r\x1b[K${line}` : `${line}\n`);
  };
  let result;
  const profile: Record<string, number> = {};
  try {
    const options = {
      input,
      zk: args.zk,
      coprocessors,
      segmentCycles: args.segmentCycles,
      onPhase,
      prove: { onPhase, profile },
    };
    result =
      args.queue !== undefined
        ? await (
            await import("../glue/parallel/queue.js")
          ).proveReceiptOnQueue(program, {
            ...options,
            redisUrl: args.queue,
            queue: args.queueName,
            elf,
            modules: args.modules,
          })
        : args.workers === undefined
          ? proveReceipt(program, options)
          : await proveReceiptInWorkers(program, {
              ...options,
              workers: args.workers,
              modules: args.modules,
              elf,
            });
  } catch (e) {
    if (tty) io.stderr("\n");
    const explained = explain(e);
    if (explained === undefined) throw e;
    io.stderr(`zkglue prove: ${explained}\n`);
    return 1;
  }
  const seconds = (performance.now() - t0) / 1000;
  io.stderr(
    tty
      ? `\r\x1b[K[100%] done (${seconds.toFixed(1)} s)\n`
      : `[100%] done (${seconds.toFixed(1)} s)\n`,
  );
  const bytes = serializeReceipt(result.receipt);
  writeFileSync(args.output, bytes);
  const { stats, receipt } = result;
  const width = Math.max(...Object.keys(stats.heights).map((name) => name.length)) + 2;
  const rows = Object.entries(stats.heights)
    .map(([name, h]) => `  ${name.padEnd(width)}${h}`)
    .join("\n");
  io.stdout(
    `cycles:      ${stats.cycles}\n` +
      `segments:    ${stats.segments}\n` +
      `rows per table:\n${rows}\n` +
      `trace cells: ${stats.traceCells} (${(stats.traceCells / stats.cycles).toFixed(1)} per cycle)\n` +
      `prove time:  ${seconds.toFixed(2)} s (${(stats.cycles / seconds / 1000).toFixed(2)} kHz)\n` +
      `phases (ms): ${Object.entries(profile)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(", ")}\n` +
      `proof size:  ${bytes.length} bytes\n` +
      `journal:     ${receipt.journal.length === 0 ? "(empty)" : Buffer.from(receipt.journal).toString("hex")}\n` +
      `program id:  ${hexId(receipt.programId)}\n` +
      `receipt:     ${args.output}\n`,
  );
  return 0;
}

/** `proveChainCommand`, with a failed run or workers' failure explained (status 1). */
async function proveChainOrExplain(
  args: ChainArgs,
  program: Program,
  elf: Uint8Array,
  input: Uint8Array,
  coprocessors: Awaited<ReturnType<typeof machineCoprocessors>>,
  io: Io,
): Promise<number> {
  try {
    return await proveChainCommand(args, program, elf, input, coprocessors, io);
  } catch (e) {
    const explained = explain(e);
    if (explained === undefined) throw e;
    io.stderr(`\nzkglue prove: ${explained}\n`);
    return 1;
  }
}

/** The message for an error `zkglue prove` reports with status 1, or undefined. */
function explain(e: unknown): string | undefined {
  if (e instanceof GuestError) return `guest error (${e.kind}): ${e.message}${syscallHint(e)}`;
  if (e instanceof WorkerError || e instanceof WorkerResultError || e instanceof QueueJobError)
    return e.message;
  if (e instanceof RangeError && /chunk/.test(e.message)) return e.message;
  if (e instanceof Error && /exited with code/.test(e.message)) return e.message;
  return undefined;
}

/** Options of `proveReceiptInWorkers`. */
export interface ProveInWorkersOptions extends ProveReceiptOptions {
  /** Local worker processes proving segments. */
  workers: number;
  /** The `--coprocessor` modules, which each worker loads (with the built-in coprocessors). */
  modules: string[];
  /** The guest ELF's bytes (the workers load the program from them). */
  elf: Uint8Array;
}

/**
 * `proveReceipt` with every segment but the last proven on local worker processes, in two
 * rounds (glue/parallel/coordinator.ts); the machine's coprocessors must be the built-in ones
 * plus those of `modules`, as the workers build theirs so (their program id is checked). The
 * receipt is byte for byte `proveReceipt`'s.
 *
 * @example
 * const { receipt } = await proveReceiptInWorkers(program, { elf, coprocessors, workers: 2, modules: [] });
 */
export async function proveReceiptInWorkers(
  program: Program,
  options: ProveInWorkersOptions,
): Promise<ReturnType<typeof proveReceipt>> {
  const m = buildMachine(program, { coprocessors: options.coprocessors });
  options.onPhase?.("setup");
  const input = options.input ?? new Uint8Array(0);
  const script = workerScript(new URL(".", import.meta.url), "worker");
  const pool = new LocalWorkers(script, options.workers, {
    elf: options.elf,
    input,
    modules: options.modules,
  });
  try {
    const theirs = await pool.ready();
    const ours = machineProgramId(m);
    if (hexId(theirs) !== hexId(ours)) {
      throw new WorkerError(
        `the workers built program ${hexId(theirs)}, this process ${hexId(ours)}: ` +
          "their coprocessors differ from this machine's",
      );
    }
    const { proofs, journal, handOvers, ...stats } = await proveInRounds(m, program, pool, {
      ...options,
      prove: { ...options.prove, zk: options.zk ?? true },
    });
    return { receipt: receiptOf(m, { proofs, journal, handOvers }), stats };
  } finally {
    await pool.close();
  }
}

/** The `prove` subcommand. */
export const proveCommand: Command = {
  summary: "prove a guest ELF's run and write its receipt",
  usage: USAGE,
  main: proveMain,
};
