/**
 * The CLI's local segment worker (a process of `zkglue prove --workers <n>`, and the child that
 * `zkglue worker --queue` proves in): builds the machine from the ELF and the coprocessor modules
 * it is set up with — the built-in coprocessors plus the `--coprocessor` modules, exactly as
 * `zkglue prove` does — and runs segment tasks (glue/parallel/pool.ts).
 */
import { buildMachine } from "../glue/machine.js";
import { serveTasks } from "../glue/parallel/pool.js";
import { segmentContext } from "../glue/parallel/tasks.js";
import { loadElf } from "../glue/riscv/index.js";
import { machineCoprocessors } from "./coprocessors.js";

serveTasks(async ({ elf, input, modules }) => {
  const program = loadElf(elf);
  const coprocessors = await machineCoprocessors(modules);
  return segmentContext(buildMachine(program, { coprocessors }), program, input);
});
