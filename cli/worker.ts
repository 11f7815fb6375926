/**
 * The CLI's segment worker (a worker thread of `zkglue prove --workers <n>`): builds the machine
 * from the program and the coprocessor modules it is given — the built-in coprocessors plus the
 * `--coprocessor` modules, exactly as `zkglue prove` does — and serves segment witnesses from
 * checkpoints (glue/parallel/pool.ts).
 */
import { workerData } from "node:worker_threads";
import { buildMachine } from "../glue/machine.js";
import { serveSegments } from "../glue/parallel/pool.js";
import type { Program } from "../glue/riscv/index.js";
import { machineCoprocessors } from "./coprocessors.js";

/** What `zkglue prove --workers` gives each worker. */
export interface WorkerSetup {
  program: Program;
  input: Uint8Array;
  /** Paths of the `--coprocessor` modules. */
  modules: string[];
}

const setup = workerData as WorkerSetup;
const coprocessors = await machineCoprocessors(setup.modules);
serveSegments(buildMachine(setup.program, { coprocessors }), setup.program, setup.input);
