/**
 * `zkglue prove --chunk-cycles` writes a chain receipt that `zkglue verify` checks (against the
 * ELF or the printed chain program id) and prints the journal of; a flipped byte, another
 * program's ELF and a bad --chunk-cycles are refused with status 1 or 2 and the reason.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import { execute, loadElf } from "../../glue/riscv/index.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { ROOT } from "./guest-build.js";
import { capture } from "./capture.js";

const dir = mkdtempSync(join(tmpdir(), "zkglue-chain-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const elf = join(ROOT, "examples/guests/page_kinds.elf");
const input = join(dir, "n.bin");
const file = join(dir, "run.chain");
let proved: ReturnType<typeof capture>;

beforeAll(async () => {
  writeFileSync(input, Uint8Array.of(100, 0, 0, 0));
  proved = capture();
  const argv = ["prove", elf, "--input", input, "-o", file, "--chunk-cycles", "1024"];
  expect(await main([...argv, "--segment-cycles", "512"], proved)).toBe(0);
}, 300_000);

describe("zkglue prove --chunk-cycles", () => {
  it("writes a chain receipt that zkglue verify accepts, printing the run's journal", async () => {
    const run = execute(loadElf(readFileSync(elf)), {
      input: readFileSync(input),
      coprocessors: builtinCoprocessors(),
    });
    const hex = Buffer.from(run.journal).toString("hex");
    expect(proved.out).toMatch(/chunks:\s+4 /);
    expect(proved.out).toContain(`journal:     ${hex}`);
    expect(proved.err).toMatch(/\[chunk 4\] proven/);
    const id = /program id:\s+([0-9a-f]{64}) \(chain\)/.exec(proved.out)![1];
    for (const trusted of [
      ["--elf", elf],
      ["--program-id", id],
    ]) {
      const io = capture();
      expect(await main(["verify", file, ...trusted], io)).toBe(0);
      expect(io.out).toMatch(/receipt verified \(\d+ ms, 4 chunks, \d+ segments, zero-knowledge\)/);
      expect(io.out).toContain(hex);
    }
  });

  it("refuses a flipped byte and another program's ELF", async () => {
    const bytes = readFileSync(file);
    const flipped = join(dir, "flipped.chain");
    const copy = Uint8Array.from(bytes);
    copy[Math.floor(copy.length / 2)] ^= 1;
    writeFileSync(flipped, copy);
    let io = capture();
    expect(await main(["verify", flipped, "--elf", elf], io)).toBe(1);
    expect(io.err).toMatch(/zkglue verify: receipt rejected: /);
    io = capture();
    const other = join(ROOT, "examples/guests/long_run.elf");
    expect(await main(["verify", file, "--elf", other], io)).toBe(1);
    expect(io.err).toMatch(/is for program [0-9a-f]{64}, not [0-9a-f]{64}/);
  });

  it("refuses a chunk length that is not a whole number of segments", async () => {
    const io = capture();
    const argv = ["prove", elf, "--input", input, "-o", join(dir, "x"), "--chunk-cycles", "1000"];
    expect(await main([...argv, "--segment-cycles", "512"], io)).toBe(1);
    expect(io.err).toMatch(/whole number of 512-cycle segments/);
    const bad = capture();
    expect(await main(["prove", elf, "--chunk-cycles", "abc"], bad)).toBe(2);
    expect(bad.err).toMatch(/--chunk-cycles abc/);
  });
});
