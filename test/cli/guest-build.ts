/**
 * Builds C guests in a temporary folder with the SDK's Makefile (guest/Makefile), as a user
 * outside the repository would: sources and headers written to `<dir>/src`, ELFs to
 * `<dir>/out`. A missing RISC-V toolchain fails the test (scripts/setup.sh installs it).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = new URL("../../", import.meta.url).pathname;

/** Writes `files` (name → text) to `<dir>/src`, builds every `.c` there; returns `<dir>/out`. */
export function buildGuests(dir: string, files: Record<string, string>): string {
  const src = join(dir, "src");
  const out = join(dir, "out");
  mkdirSync(src, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(src, name), text);
  try {
    execFileSync("make", ["-s", "-C", join(ROOT, "guest"), `SRC=${src}`, `OUT=${out}`], {
      stdio: "pipe",
    });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(
      `guest build failed (needs riscv64-unknown-elf-gcc: scripts/setup.sh installs it): ${err.stderr?.toString() ?? err.message}`,
    );
  }
  return out;
}
