/**
 * zkglue's public API.
 *
 * - Proof system (core): the AIR DSL and buses, `setup` / `prove` / `verify`, the proof format,
 *   FRI parameters, and the field.
 * - RISC-V (glue): ELF loading and the executor, machines (the RISC-V chips plus the
 *   coprocessors they are given), receipts (prove a guest's run in segments, verify it against a
 *   program id and a coprocessor set), and run figures (`measureRun`).
 * - Coprocessors — everything a coprocessor in one file needs: `defineCoprocessor` and the
 *   interface's types (`Coprocessor`, `CoprocessorCall`, `CallDescription`, `SampleCall`,
 *   `FreeCell`), the AIR DSL (`defineAir`, `layout`, expressions, `Matrix`), the gadgets a
 *   coprocessor's AIR meets the machine with (`receiveCall`, `memoryAccess`, `guestPointer`,
 *   `writableWords`) and their trace-side twins (`accessGap`, `pointerCells`, `wordAddress`),
 *   the byte/range buses and `Lookups`, `TableBuilder` / `paddedHeight` for the trace; the
 *   generator of C bindings (`cBindings`), the underconstraint fuzzer (`fuzzCoprocessor`,
 *   `fuzzText`), and the built-in coprocessors (`builtinCoprocessors()`).
 */
export * as babybear from "./core/field/babybear.js";
export * as extension from "./core/field/extension.js";
export type { Matrix } from "./core/field/matrix.js";
export * from "./core/air/index.js";
export { messagesSum, fingerprint, type BusMessage } from "./core/lookup/fingerprint.js";
export {
  DEFAULT_FRI_PARAMS,
  MIN_SECURITY_BITS,
  checkFriParams,
  conjecturedSecurityBits,
  type FriParams,
} from "./core/fri/params.js";
export { setup } from "./core/stark/setup.js";
export {
  prove,
  proveLinked,
  type PartWitness,
  type ProveOptions,
  type TableWitness,
} from "./core/stark/prover.js";
export {
  checkLinkedBalance,
  commitPart,
  type LinkedChallenges,
  type LinkedCommitments,
  linkedChallenges,
  type PartCommitment,
  provePartOf,
} from "./core/stark/rounds.js";
export {
  verify,
  verifyLinked,
  type PartClaim,
  type VerifyOptions,
  VerificationError,
} from "./core/stark/verifier.js";
export {
  serializeProof,
  deserializeProof,
  serializeLinkedProof,
  deserializeLinkedProof,
  ProofFormatError,
} from "./core/stark/serialize.js";
export type { ProvingKey, VerifyingKey, StarkProof } from "./core/stark/types.js";
export * from "./glue/riscv/index.js";
export * from "./glue/coprocessor.js";
export {
  hexId,
  parseReceipt,
  programIdOf,
  proveReceipt,
  serializeReceipt,
  verifyReceipt,
  ReceiptError,
  type Receipt,
  type ProveReceiptOptions,
} from "./glue/receipt.js";
export type { MachineProof, ProveProgramOptions } from "./glue/run-proof.js";
export { DEFAULT_SEGMENT_CYCLES, type HandOver } from "./glue/segments.js";
export * from "./glue/coprocessor-air.js";
export {
  builtinCoprocessors,
  modmul256Coprocessor,
  poseidon2Coprocessor,
  secp256k1AddCoprocessor,
  secp256k1DoubleCoprocessor,
  sha256Coprocessor,
} from "./coprocessors/index.js";
export { cBindings, syscallMacro, type BindingsOptions } from "./glue/bindings.js";
export { fuzzCoprocessor, type CoprocessorFuzzOptions } from "./glue/fuzz/coprocessor.js";
export { fuzzText } from "./glue/fuzz/report.js";
export type { FuzzReport } from "./glue/fuzz/engine.js";
export { compress as sha256Compress } from "./coprocessors/sha256/reference.js";
export {
  buildMachine,
  machineProgramId,
  type Machine,
  type MachineOptions,
} from "./glue/machine.js";
export type { Chip, ChipScope } from "./glue/chip.js";
export type { CoprocessorId } from "./glue/coprocessor-chip.js";
export {
  measureRun,
  traceCells,
  type MeasureOptions,
  type RunFigures,
  type TableFigures,
} from "./glue/figures.js";
export { proveProgram, verifyProgram } from "./glue/run-proof.js";
