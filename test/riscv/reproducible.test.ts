/**
 * The committed example ELFs are reproducible: rebuilding every example from its C source with
 * guest/Makefile (from a copy of the sources in a temp directory, so paths differ) gives the
 * same bytes. A missing toolchain fails the test: CI installs it (scripts/setup.sh).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GUESTS, GUESTS_DIR } from "./guests.js";

const GUEST_SDK = new URL("../../guest/", import.meta.url).pathname;

describe("example ELFs", () => {
  const dir = mkdtempSync(join(tmpdir(), "zkglue-guests-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("rebuild byte for byte from source", () => {
    const src = join(dir, "src");
    const out = join(dir, "out");
    execFileSync("mkdir", ["-p", src]);
    const sources = readdirSync(GUESTS_DIR).filter((f) => f.endsWith(".c"));
    expect(sources.map((f) => f.slice(0, -2)).sort()).toEqual([...GUESTS].sort());
    const headers = readdirSync(GUESTS_DIR).filter((f) => f.endsWith(".h"));
    for (const f of [...sources, ...headers]) copyFileSync(join(GUESTS_DIR, f), join(src, f));
    try {
      execFileSync("make", ["-s", "-C", GUEST_SDK, `SRC=${src}`, `OUT=${out}`], { stdio: "pipe" });
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      throw new Error(
        `guest build failed (needs riscv64-unknown-elf-gcc: scripts/setup.sh installs it): ${err.stderr?.toString() ?? err.message}`,
      );
    }
    for (const name of GUESTS) {
      const rebuilt = readFileSync(join(out, `${name}.elf`));
      const committed = readFileSync(join(GUESTS_DIR, `${name}.elf`));
      expect(rebuilt.equals(committed), `${name}.elf differs from its rebuild`).toBe(true);
    }
  });
});
