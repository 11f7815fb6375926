/**
 * `zkglue prove` and `zkglue verify`, run in-process: a receipt is written, verifies against
 * the ELF and against its program id (printing the journal), and is refused against another
 * program; a guest that exits non-zero has nothing to prove.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import type { Io } from "../../cli/io.js";
import { capture } from "../cli/capture.js";

describe("zkglue prove / verify", () => {
  it("proves read_input, verifies it by ELF and by program id, refuses another program", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zkglue-cli-"));
    const input = join(dir, "input.txt");
    writeFileSync(input, "cli input");
    const receipt = join(dir, "r.bin");
    const p = capture();
    expect(
      await main(["prove", "examples/guests/read_input.elf", "--input", input, "-o", receipt], p),
    ).toBe(0);
    expect(p.out).toMatch(/cycles:\s+\d+/);
    expect(p.out).toMatch(/proof size:\s+\d+ bytes/);
    expect(p.err).toMatch(/quotient/);
    const id = /program id:\s+([0-9a-f]{64})/.exec(p.out)![1];
    const journalHex = /journal:\s+([0-9a-f]+)/.exec(p.out)![1];

    const v = capture();
    expect(await main(["verify", receipt, "--elf", "examples/guests/read_input.elf"], v)).toBe(0);
    expect(v.out).toContain(journalHex);
    const v2 = capture();
    expect(await main(["verify", receipt, "--program-id", id], v2)).toBe(0);

    // A fresh process (other compile order, no cached keys) derives the same program id.
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "cli/main.ts", "verify", receipt, "--program-id", id],
      {
        encoding: "utf8",
      },
    );
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(child.stdout).toContain(journalHex);

    const bad = capture();
    expect(await main(["verify", receipt, "--elf", "examples/guests/sha256.elf"], bad)).toBe(1);
    expect(bad.err).toMatch(/receipt rejected: the receipt is for program/);

    const flipped = readFileSync(receipt);
    flipped[flipped.length - 100] ^= 1;
    writeFileSync(receipt, flipped);
    const f = capture();
    expect(await main(["verify", receipt, "--program-id", id], f)).toBe(1);
    expect(f.err).toMatch(/receipt rejected/);
  }, 300_000);

  it("proves in segments with --segment-cycles and shows segment progress", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zkglue-cli-"));
    const receipt = join(dir, "seg.bin");
    const input = join(dir, "input.txt");
    writeFileSync(input, "a longer private input so that the run spans several segments");
    const p = capture();
    const argv = ["prove", "examples/guests/read_input.elf", "--input", input, "-o", receipt];
    expect(await main([...argv, "--segment-cycles", "128"], p)).toBe(0);
    const segments = Number(/segments:\s+(\d+)/.exec(p.out)![1]);
    expect(segments).toBeGreaterThan(1);
    expect(p.err).toContain(`segment ${segments}/${segments}: quotient`);
    const v = capture();
    expect(await main(["verify", receipt, "--elf", "examples/guests/read_input.elf"], v)).toBe(0);
    expect(v.out).toContain(`receipt verified (`);
    expect(v.out).toContain(`, ${segments} segments, zero-knowledge)`);
    const strict = ["verify", receipt, "--elf", "examples/guests/read_input.elf", "--require-zk"];
    expect(await main(strict, capture())).toBe(0);
    for (const bad of ["100", "4", "abc", String(2 ** 23)]) {
      const io = capture();
      expect(await main([...argv, "--segment-cycles", bad], io)).toBe(2);
      expect(io.err).toMatch(/--segment-cycles .*power of two/);
    }
  }, 300_000);

  it("--no-zk makes an ordinary receipt, which verifies unless --require-zk is given", async () => {
    const receipt = join(mkdtempSync(join(tmpdir(), "zkglue-cli-")), "plain.bin");
    const elf = "examples/guests/read_input.elf";
    expect(await main(["prove", elf, "--no-zk", "-o", receipt], capture())).toBe(0);
    const v = capture();
    expect(await main(["verify", receipt, "--elf", elf], v)).toBe(0);
    expect(v.out).toContain("1 segment, not zero-knowledge)");
    const strict = capture();
    expect(await main(["verify", receipt, "--elf", elf, "--require-zk"], strict)).toBe(1);
    expect(strict.err).toMatch(/receipt rejected: .*the proof is not zero-knowledge/);
  }, 300_000);

  it("refuses to prove a guest that exits non-zero, and bad command lines", async () => {
    const io = capture();
    expect(
      await main(
        ["prove", "examples/guests/exit_nonzero.elf", "-o", join(tmpdir(), "never.bin")],
        io,
      ),
    ).toBe(1);
    expect(io.err).toMatch(/exited with code 3/);
    expect(await main(["verify", "x.bin"], capture())).toBe(2);
    expect(await main(["verify", "x.bin", "--program-id", "abc"], capture())).toBe(2);
  });
});
