/** The RISC-V machine's executor side: ELF loading, decoding, execution and its events. */
export * from "./constants.js";
export * from "./errors.js";
export { loadElf, type Program, type Segment } from "./elf.js";
export { Op, OP_NAMES, decodeInto, emptyDecoded, type DecodedCode } from "./decode.js";
export { GuestMemory } from "./memory.js";
export {
  execute,
  executeRecording,
  executeSegment,
  executeWithCheckpoints,
  type CheckpointedRun,
  type SegmentRun,
  type RecordedRun,
  type RunResult,
  type RunOptions,
} from "./executor.js";
export { type Checkpoint, decodeCheckpoint, encodeCheckpoint } from "./checkpoint.js";
export { ChunkedColumns, CYCLE_FIELDS, SYSCALL_FIELDS, SYSCALL_MEMORY_FIELDS } from "./trace.js";
export type {
  ExecutionTrace,
  CycleChunk,
  CycleField,
  SyscallField,
  SyscallMemoryField,
  RecordedCoprocessorCall,
} from "./trace.js";
