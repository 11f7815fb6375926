/**
 * The program table: one preprocessed row per instruction of the ELF's executable segments,
 * holding the instruction already decoded into the fields the CPU needs. Being preprocessed,
 * it is part of the verifying key — the program id binds the exact code — and the CPU never
 * has to constrain a decoding: it looks its row up by pc and copies the fields.
 *
 * Preprocessed: the PROGRAM_BUS fields (FIELDS below) and isInsn (0 on padding rows).
 * Main: mult, the number of times the row was executed.
 * Receives PROGRAM_BUS [fields] with multiplicity mult; mult · (1 − isInsn) = 0.
 * Words that do not decode to an executable instruction (illegal, CSR, ebreak) have no row, so
 * no proof can execute them.
 */
import { defineAir } from "../../../core/air/compile.js";
import { PROGRAM_BUS } from "../buses.js";
import { PROGRAM_FIELDS, programCols, programPrepCols } from "./columns.js";

export const programAir = defineAir({
  name: "rv.program",
  mainColumns: programCols,
  preprocessedColumns: programPrepCols,
  eval(b) {
    const p = b.prepLocal;
    b.assertZero("only instruction rows are executed", b.local.mult.mul(p.isInsn.neg().add(1)));
    b.receive(
      PROGRAM_BUS,
      PROGRAM_FIELDS.map((f) => p[f]),
      b.local.mult,
    );
  },
});
