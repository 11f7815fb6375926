/**
 * `zkglue run`: output in both formats, exit statuses (0 success, 1 failed run, 2 bad command
 * line or input) and the validation messages. Commands run in-process with captured streams;
 * one test starts the real entry point as a process.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import { execute, loadElf } from "../../glue/riscv/index.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const GUEST = (name: string) => `${ROOT}examples/guests/${name}.elf`;
const dir = mkdtempSync(join(tmpdir(), "zkglue-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `zkglue ...argv` in-process; returns status and captured text. */
async function zkglue(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const text = (d: string | Uint8Array) =>
    typeof d === "string" ? d : new TextDecoder().decode(d);
  const status = await main(argv, {
    stdout: (d) => (stdout += text(d)),
    stderr: (d) => (stderr += text(d)),
  });
  return { status, stdout, stderr };
}

describe("zkglue run", () => {
  it("streams the guest's stdout, then exit code, cycles, journal and speed", async () => {
    const r = await zkglue("run", GUEST("fibonacci"));
    const cycles = execute(loadElf(readFileSync(GUEST("fibonacci")))).cycles;
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^fib\(0\) mod 2\^32 = 0\n/);
    expect(r.stdout).toContain(
      `fib(100000) mod 2^32 = 873876091\nexit code: 0\ncycles:    ${cycles}\n`,
    );
    expect(r.stdout).toContain("journal:   00000000010000000100000037000000");
    expect(r.stdout).toMatch(/speed: +\d+\.\d MIPS/);
  });

  it("--json prints exactly one object with exitCode, cycles, stdout and journal", async () => {
    const r = await zkglue("run", "--json", GUEST("sha256"));
    expect(r.status).toBe(0);
    const obj = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(obj)).toEqual(["exitCode", "cycles", "stdout", "journal"]);
    expect(obj.exitCode).toBe(0);
    expect(obj.cycles).toBe(execute(loadElf(readFileSync(GUEST("sha256")))).cycles);
    expect(obj.stdout).toMatch(/^sha256\("abc"\) = ba7816bf/);
    expect(obj.journal).toMatch(
      /^ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad[0-9a-f]{64}$/,
    );
  });

  it("--input feeds the private input", async () => {
    const input = join(dir, "input.bin");
    writeFileSync(input, "xyz");
    const r = await zkglue("run", GUEST("read_input"), "--input", input, "--json");
    expect(r.status).toBe(0);
    const obj = JSON.parse(r.stdout) as { stdout: string; journal: string };
    expect(obj.stdout).toBe("xyz\nlength 3, bytes >= 0x80: 0\n");
    expect(obj.journal.slice(0, 8)).toBe("03000000");
  });

  it("a non-zero exit code fails the run (status 1) and still reports it", async () => {
    const r = await zkglue("run", GUEST("exit_nonzero"));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("exit code: 3\n");
    expect(r.stderr).toContain("error: giving up\n"); // the guest's own stderr
    expect(r.stderr).toContain("guest exited with code 3");
    const j = await zkglue("run", GUEST("exit_nonzero"), "--json");
    expect(j.status).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ exitCode: 3, journal: "efbeadde" });
  });

  it("a guest fault fails the run with the error", async () => {
    const bytes = new Uint8Array(readFileSync(GUEST("fibonacci")));
    bytes.set([0xff, 0xff, 0xff, 0xff], 0x800); // the entry instruction (file offset of 0x00200800)
    const bad = join(dir, "bad.elf");
    writeFileSync(bad, bytes);
    const r = await zkglue("run", bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "guest error (illegal-instruction): illegal instruction 0xffffffff at pc 0x00200800 (cycle 0)",
    );
    const limited = await zkglue("run", GUEST("fibonacci"), "--max-cycles", "10");
    expect(limited.status).toBe(1);
    expect(limited.stderr).toContain("cycle limit 10 reached");
  });

  it("refuses bad command lines and unusable files with status 2", async () => {
    const notElf = join(dir, "not.elf");
    writeFileSync(notElf, "hello");
    const cases: [string[], RegExp][] = [
      [["run"], /missing <elf>/],
      [["run", "a.elf", "b.elf"], /expected one <elf>, got 2: a.elf b.elf/],
      [["run", GUEST("fibonacci"), "--bogus"], /Unknown option '--bogus'/],
      [["run", GUEST("fibonacci"), "--input"], /--input/],
      [
        ["run", GUEST("fibonacci"), "--max-cycles", "12x"],
        /--max-cycles must be a positive integer, got "12x"/,
      ],
      [["run", GUEST("fibonacci"), "--max-cycles", "0"], /--max-cycles must be a positive integer/],
      [["run", join(dir, "missing.elf")], /cannot read ELF file ".*missing.elf": ENOENT/],
      [
        ["run", GUEST("fibonacci"), "--input", join(dir, "nope")],
        /cannot read input file ".*nope": ENOENT/,
      ],
      [["run", notElf], /not.elf: not an ELF file: 5 bytes is shorter than an ELF32 header/],
      [["frobnicate"], /unknown command "frobnicate"/],
    ];
    for (const [argv, message] of cases) {
      const r = await zkglue(...argv);
      expect(r.status, argv.join(" ")).toBe(2);
      expect(r.stderr, argv.join(" ")).toMatch(message);
    }
  });

  it("help", async () => {
    expect((await zkglue("--help")).stdout).toMatch(/commands:\n  run /);
    const r = await zkglue("run", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: zkglue run <elf> \[--input <file>\] \[--json\]/);
  });

  it("the entry point runs as a process and exits with the run's status", async () => {
    const tsx = join(ROOT, "node_modules/.bin/tsx");
    const ok = await promisify(execFile)(
      tsx,
      ["cli/main.ts", "run", GUEST("fibonacci"), "--json"],
      { cwd: ROOT },
    );
    expect(JSON.parse(ok.stdout)).toMatchObject({ exitCode: 0 });
    const failed = await promisify(execFile)(tsx, ["cli/main.ts", "run", GUEST("exit_nonzero")], {
      cwd: ROOT,
    }).catch((e: { code: number; stdout: string }) => e);
    expect("code" in failed && failed.code).toBe(1);
    expect(failed.stdout).toContain("about to fail\n");
  });
});
