/**
 * `zkglue/verify`: the receipt verifier for web pages (an ESM bundle with no Node built-ins, built
 * by tsup.config.ts into dist/browser/), and the same code under Node.
 *
 * `verifyReceiptBytes` does what `zkglue verify` does — recompute the program id from the ELF (or
 * take it as hex), parse the receipt, verify it with the built-in coprocessors — and reports the
 * outcome as a value: verified with the journal, or rejected with the message the CLI prints
 * after "zkglue verify: ". It runs the same glue/ and core/ code as Node, WebAssembly kernels
 * included; only the worker pool differs (core/wasm/pool-browser.ts runs kernels on the calling
 * thread). It is synchronous: on a page, `createWorkerVerifier` runs it in a Web Worker
 * (web/worker.ts) so that the page stays responsive while it works.
 */
import { bytesToHex } from "@noble/hashes/utils.js";
import { builtinCoprocessors } from "../coprocessors/index.js";
import { hexId, parseReceipt, programIdOf, ReceiptError, verifyReceipt } from "../glue/receipt.js";
import { buildMachine } from "../glue/machine.js";
import {
  chainProgramIdOf,
  isChainReceipt,
  parseChainReceipt,
  verifyChainReceipt,
} from "../glue/paging/chain-receipt.js";
import { loadElf } from "../glue/riscv/elf.js";
import { ElfError } from "../glue/riscv/errors.js";

export { builtinCoprocessors } from "../coprocessors/index.js";
export {
  hexId,
  parseReceipt,
  programIdOf,
  ReceiptError,
  verifyReceipt,
  type Receipt,
} from "../glue/receipt.js";
export { loadElf, type Program } from "../glue/riscv/elf.js";

/** A receipt and the program it must be for: its ELF (the id is recomputed) or its id. */
export interface VerifyRequest {
  /** The receipt's bytes, as `zkglue prove` writes them. */
  receipt: Uint8Array;
  /** The guest ELF the receipt must be for; give this or `programId`. */
  elf?: Uint8Array;
  /** The ELF's file name, to name it in messages as the CLI names its path. */
  elfName?: string;
  /** The program id the receipt must be for: 64 hex digits (or 32 bytes). */
  programId?: string | Uint8Array;
  /** Refuse a receipt that is not zero-knowledge (as `zkglue verify --require-zk`). */
  requireZk?: boolean;
}

/** Figures of every outcome. */
interface VerifyFigures {
  /** Size of the receipt (claim and proof) in bytes. */
  receiptBytes: number;
  /** The trusted program id (hex), when known: given, or recomputed from the ELF. */
  programId?: string;
  /** Milliseconds spent recomputing the program id from the ELF. */
  programIdMs?: number;
  /** Milliseconds spent parsing and verifying the receipt (what `zkglue verify` times). */
  verifyMs?: number;
}

/** A receipt that verified: its journal and how it was checked. */
export interface Verified extends VerifyFigures {
  verified: true;
  programId: string;
  verifyMs: number;
  /** The public journal the proof binds. */
  journal: Uint8Array;
  /** The journal as lowercase hex. */
  journalHex: string;
  /** The journal decoded as UTF-8; undefined when it is not valid UTF-8. */
  journalText: string | undefined;
  /** Segment proofs in the receipt (over all chunks of a chain receipt). */
  segments: number;
  /** Chunks of a chain receipt (`zkglue prove --chunk-cycles`); absent for a one-proof receipt. */
  chunks?: number;
  /** Every proof in the receipt is zero-knowledge. */
  zk: boolean;
}

/** A request that did not verify, and why. */
export interface Rejected extends VerifyFigures {
  verified: false;
  /** The reason, worded as `zkglue verify` words it after "zkglue verify: ". */
  error: string;
}

/** The outcome of `verifyReceiptBytes`. */
export type VerifyReport = Verified | Rejected;

const HEX_ID = /^[0-9a-fA-F]{64}$/;

/**
 * The trusted program id — a chain's (glue/paging/chain-receipt.ts) for a chain receipt — or the
 * reason there is none.
 */
function trustedId(
  request: VerifyRequest,
  chain: boolean,
): { id: Uint8Array; ms?: number } | { error: string } {
  const { elf, programId } = request;
  if ((elf === undefined) === (programId === undefined))
    return { error: "give exactly one of an ELF and a program id" };
  if (elf !== undefined) {
    const t0 = performance.now();
    let program;
    try {
      program = loadElf(elf);
    } catch (e) {
      if (e instanceof ElfError) return { error: `${request.elfName ?? "ELF"}: ${e.message}` };
      throw e;
    }
    const coprocessors = builtinCoprocessors();
    const id = chain
      ? chainProgramIdOf({ chunk: buildMachine(program, { coprocessors, paged: true }) }, program)
      : programIdOf(program, coprocessors);
    return { id, ms: performance.now() - t0 };
  }
  if (programId instanceof Uint8Array)
    return programId.length === 32 ? { id: programId } : { error: "a program id is 32 bytes" };
  const hex = programId!.trim();
  if (!HEX_ID.test(hex)) return { error: "the program id must be 64 hex digits" };
  return { id: Uint8Array.from(hex.match(/../g)!, (b) => parseInt(b, 16)) };
}

/**
 * Verifies a receipt against a program (its ELF or its id) with the built-in coprocessors, as
 * `zkglue verify` does; never throws for a bad receipt or ELF: the report says why.
 *
 * @example
 * const report = verifyReceiptBytes({ receipt, programId: "e10b1b39…" });
 * if (report.verified) console.log(report.journalHex);
 * else console.error(`zkglue verify: ${report.error}`);
 */
export function verifyReceiptBytes(request: VerifyRequest): VerifyReport {
  const receiptBytes = request.receipt.length;
  const chain = isChainReceipt(request.receipt);
  let trusted: ReturnType<typeof trustedId>;
  try {
    trusted = trustedId(request, chain);
  } catch (e) {
    trusted = { error: messageOf(e) };
  }
  if ("error" in trusted) return { verified: false, error: trusted.error, receiptBytes };
  const figures = { receiptBytes, programId: hexId(trusted.id), programIdMs: trusted.ms };
  const t0 = performance.now();
  let segments: number;
  let chunks: number | undefined;
  let journal: Uint8Array;
  let proofs: { zk?: true }[];
  const options = { requireZk: request.requireZk === true };
  try {
    if (chain) {
      const receipt = parseChainReceipt(request.receipt);
      chunks = receipt.chunks.length;
      segments = receipt.chunks.reduce((n, c) => n + c.proofs.length, 0);
      proofs = receipt.chunks.flatMap((c) => c.proofs);
      journal = verifyChainReceipt(receipt, trusted.id, builtinCoprocessors(), options);
    } else {
      const receipt = parseReceipt(request.receipt);
      segments = receipt.proofs.length;
      proofs = receipt.proofs;
      journal = verifyReceipt(receipt, trusted.id, builtinCoprocessors(), options);
    }
  } catch (e) {
    const verifyMs = performance.now() - t0;
    return { verified: false, error: messageOf(e), ...figures, verifyMs };
  }
  const verifyMs = performance.now() - t0;
  let journalText: string | undefined;
  try {
    journalText = new TextDecoder("utf-8", { fatal: true }).decode(journal);
  } catch {
    journalText = undefined;
  }
  const journalHex = bytesToHex(journal);
  const zk = proofs.every((p) => p.zk === true);
  const shape = chunks === undefined ? { segments, zk } : { segments, chunks, zk };
  return { verified: true, ...figures, verifyMs, journal, journalHex, journalText, ...shape };
}

/** A `ReceiptError`'s message is the CLI's; anything else (a bug, not a bad receipt) is named. */
function messageOf(e: unknown): string {
  if (e instanceof ReceiptError) return e.message;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** A verifier running in a Web Worker: one verification at a time, in the order asked. */
export interface WorkerVerifier {
  /** Verifies in the worker; rejects only if the worker itself fails. */
  verify(request: VerifyRequest): Promise<VerifyReport>;
  /** Stops the worker; pending verifications reject. */
  terminate(): void;
}

/** The part of a browser's `Worker` used here (the project's types are Node's, not the DOM's). */
interface BrowserWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: "message", listener: (event: { data: WorkerReply }) => void): void;
  addEventListener(type: "error", listener: (event: { message?: string }) => void): void;
}
type WorkerConstructor = new (
  url: string | URL,
  options: { type: "module"; name: string },
) => BrowserWorker;

/** A request to the worker, and its answer (web/worker.ts). */
export interface WorkerJob {
  id: number;
  request: VerifyRequest;
}
export type WorkerReply = { id: number; report: VerifyReport } | { id: number; failure: string };

/**
 * Starts a Web Worker that runs `verifyReceiptBytes` (a module worker loading `verify-worker.js`,
 * which sits beside this bundle; give `url` if it is elsewhere). Browsers only.
 *
 * @example
 * const verifier = createWorkerVerifier();
 * const report = await verifier.verify({ receipt, elf, elfName: "sha256_1k_cop.elf" });
 */
export function createWorkerVerifier(
  url: string | URL = new URL("./verify-worker.js", import.meta.url),
): WorkerVerifier {
  const Worker = (globalThis as { Worker?: WorkerConstructor }).Worker;
  if (Worker === undefined)
    throw new Error("createWorkerVerifier needs Web Workers; call verifyReceiptBytes instead");
  const worker = new Worker(url, { type: "module", name: "zkglue-verify" });
  const pending = new Map<number, { resolve(r: VerifyReport): void; reject(e: Error): void }>();
  let next = 0;
  let broken: string | undefined; // once the worker has failed, every verification fails
  const failAll = (message: string) => {
    broken = message;
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
  };
  worker.addEventListener("message", ({ data }) => {
    const p = pending.get(data.id);
    pending.delete(data.id);
    if ("report" in data) p?.resolve(data.report);
    else p?.reject(new Error(data.failure));
  });
  worker.addEventListener("error", (e) =>
    failAll(`the verifier's worker failed: ${e.message ?? `could not load ${url}`}`),
  );
  return {
    verify(request) {
      if (broken !== undefined) return Promise.reject(new Error(broken));
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, request } satisfies WorkerJob);
      });
    },
    terminate() {
      worker.terminate();
      failAll("the verifier was terminated");
    },
  };
}
