/**
 * `zkglue verify` on a receipt whose coprocessor list was tampered with: the refusal is worded
 * from the parsed receipt without building a machine from it, shows only printable text (a name
 * holding a terminal escape or a newline is escaped, and called malformed), calls a repeated name
 * or syscall malformed, and stays short when the receipt lists 256 coprocessors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main.js";
import type { CoprocessorId } from "../../glue/coprocessor-chip.js";
import { machineChips } from "../../glue/machine.js";
import { parseReceipt, type Receipt, serializeReceipt } from "../../glue/receipt.js";
import { ROOT } from "./guest-build.js";
import { capture } from "./capture.js";

// Counts the machines built: a tampered receipt's text range must build none.
vi.mock("../../glue/machine.js", async (original) => {
  const m = await original<typeof import("../../glue/machine.js")>();
  return { ...m, machineChips: vi.fn(m.machineChips) };
});

const dir = mkdtempSync(join(tmpdir(), "zkglue-tampered-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let receipt: Receipt;
let id: string;

beforeAll(async () => {
  const input = join(dir, "input.txt");
  writeFileSync(input, "tamper");
  const file = join(dir, "r.bin");
  const io = capture();
  const elf = join(ROOT, "examples/guests/read_input.elf");
  expect(await main(["prove", elf, "--input", input, "-o", file], io)).toBe(0);
  id = /program id:\s+([0-9a-f]{64})/.exec(io.out)![1];
  receipt = parseReceipt(readFileSync(file));
}, 60_000);

beforeEach(() => {
  vi.mocked(machineChips).mockClear();
});

/** `zkglue verify` of the receipt with coprocessor list `ids` and text range `text`. */
async function verifyTampered(ids: CoprocessorId[], text = receipt.key.text) {
  const file = join(dir, "tampered.bin");
  writeFileSync(
    file,
    serializeReceipt({ ...receipt, key: { ...receipt.key, coprocessors: ids, text } }),
  );
  const io = capture();
  const status = await main(["verify", file, "--program-id", id], io);
  return { status, err: io.err };
}

const digest = new Uint8Array(32);

describe("zkglue verify of a tampered coprocessor list", () => {
  it("names the difference without building a machine from the receipt's text range", async () => {
    const r = await verifyTampered(receipt.key.coprocessors.slice(1), { lo: 0, hi: 2 ** 28 });
    expect(r.status).toBe(1);
    expect(r.err).toContain('the verifier was given "sha256" (0x100), which the proof did not use');
    expect(r.err).toContain("Pass --coprocessor <module>");
    expect(machineChips).not.toHaveBeenCalled();
  });

  it("escapes a name no coprocessor can have, and calls the receipt malformed", async () => {
    const evil = { name: "\x1b[31mevil\nline\u202e", syscall: 0x1000, air: digest };
    const r = await verifyTampered([...receipt.key.coprocessors, evil]);
    expect(r.status).toBe(1);
    expect(r.err).toBe(
      'zkglue verify: receipt rejected: the receipt is malformed: its coprocessor 5 is named "\\u{1b}[31mevil\\u{a}line\\u{202e}", which no coprocessor can be\n',
    );
    expect(/[^\x20-\x7e\n]/.test(r.err)).toBe(false);
  });

  it("cuts a long name, and refuses a repeated name or syscall", async () => {
    const long = { name: "A".repeat(64), syscall: 0x1000, air: digest };
    expect((await verifyTampered([long])).err).toContain(`"${"A".repeat(24)}..." (64 characters)`);
    const [sha] = receipt.key.coprocessors;
    expect((await verifyTampered([sha, sha])).err).toContain(
      'the receipt is malformed: it lists coprocessor "sha256" twice',
    );
    const twin = { ...sha, name: "sha256_twin" };
    expect((await verifyTampered([sha, twin])).err).toContain(
      "the receipt is malformed: it lists syscall 0x100 twice",
    );
  });

  it("stays short when the receipt lists 256 coprocessors", async () => {
    const many = Array.from({ length: 256 }, (_, i) => ({
      name: `c${i}_${"x".repeat(56)}`,
      syscall: 0xffff_ffff - i,
      air: digest,
    }));
    const r = await verifyTampered(many);
    expect(r.status).toBe(1);
    expect(r.err).toContain('coprocessor set mismatch: proven with "c0_');
    expect(r.err).toContain("and 248 more. Pass --coprocessor <module>");
    expect(r.err.length).toBeLessThan(2000);
    expect(machineChips).not.toHaveBeenCalled();
  });
});
