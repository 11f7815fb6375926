/**
 * What the coordinator (glue/parallel/queue.ts) and the queue workers (queue-worker.ts) agree
 * on: the Redis keys of a run, the job ids, and the shape of a job and of its return value.
 *
 * A run stores the ELF and the private input once, under their SHA-256 (so a worker that already
 * holds a context for them fetches nothing, and checks what it fetches); each job names them by
 * hash, carries the coprocessor set the program id binds (so a worker started with other
 * `--coprocessor` modules says so instead of failing inside trace generation) and one encoded
 * task (wire.ts). A worker writes the encoded result under a key of the run and returns only its
 * hash: BullMQ copies a job's return value into its events stream, which is no place for
 * megabytes of proof.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { z } from "zod";
import type { CoprocessorId } from "../coprocessor-chip.js";
import { segmentTaskWire } from "./wire.js";

/** The BullMQ queue's name unless told otherwise. */
export const DEFAULT_QUEUE = "zkglue";

/** Bumped when a job's shape changes: a worker refuses jobs of another version. */
export const JOB_VERSION = 1;

/** Hex SHA-256 of `bytes`. */
export function contentHash(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${2 * bytes}}$`));
/** A run's id: random, 16 hex digits. */
const runId = hex(8);
const hash = hex(32);

/** The keys of run `run` in queue `queue`. */
export const runKeys = (queue: string, run: string) => ({
  blob: (h: string) => `zkglue:${queue}:run:${run}:blob:${h}`,
  result: (jobId: string) => `zkglue:${queue}:run:${run}:result:${jobId}`,
});

/** The job id of segment `index`'s task of round `round` in run `run`: the same on a retry. */
export function jobId(run: string, round: number, kind: string, index: number): string {
  return `${run}-r${round}-${kind}-${index}`;
}

/** A coprocessor as a job names it (`CoprocessorId` with the AIR digest in hex). */
const coprocessorWire = z.object({
  name: z.string().min(1).max(64),
  syscall: z
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  air: hex(32),
});

/** A job's data. The task is validated by `decodeTask` (wire.ts), after the envelope. */
export const jobData = z.object({
  version: z.literal(JOB_VERSION),
  run: runId,
  elf: hash,
  input: hash,
  coprocessors: z.array(coprocessorWire).max(256),
  task: z.unknown(),
});
export type JobData = z.infer<typeof jobData> & { task: z.input<typeof segmentTaskWire> };

/** What a worker returns for a job: where its result is, and the result's hash and size. */
export const jobReturn = z.object({ sha256: hash, bytes: z.int().min(0) });
export type JobReturn = z.infer<typeof jobReturn>;

/** Coprocessor ids on the wire and back. */
export const coprocessorsToWire = (ids: readonly CoprocessorId[]) =>
  ids.map((c) => ({ name: c.name, syscall: c.syscall, air: bytesToHex(c.air) }));
export const coprocessorsFromWire = (ids: z.infer<typeof coprocessorWire>[]): CoprocessorId[] =>
  ids.map((c) => ({ ...c, air: Uint8Array.from(Buffer.from(c.air, "hex")) }));

/** How long a run's keys live if its coordinator dies before deleting them (seconds). */
export const RUN_KEY_TTL = 24 * 3600;
