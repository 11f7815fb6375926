/** An `Io` for running CLI commands in tests: everything written to stdout and stderr, as text. */
import type { Io } from "../../cli/io.js";

/** A fresh capture; `out` and `err` grow as the command writes. */
export function capture(): Io & { out: string; err: string } {
  const text = (d: string | Uint8Array) =>
    typeof d === "string" ? d : new TextDecoder().decode(d);
  const io = {
    out: "",
    err: "",
    stdout: (d: string | Uint8Array) => void (io.out += text(d)),
    stderr: (d: string | Uint8Array) => void (io.err += text(d)),
  };
  return io;
}
