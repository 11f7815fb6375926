/**
 * `zkglue savings` on the bundled pair (SHA-256 of 1 KiB in software, and with the SHA-256
 * coprocessor): the table, the JSON, the HTML page, proving figures, differing journals and
 * failing guests (status 1), and bad command lines (status 2). Commands run in-process.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import type { SavingsReport } from "../../cli/savings/model.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { execute, loadElf } from "../../glue/riscv/index.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const GUEST = (name: string) => `${ROOT}examples/guests/${name}.elf`;
const SW = GUEST("sha256_1k_sw");
const COP = GUEST("sha256_1k_cop");
const dir = mkdtempSync(join(tmpdir(), "zkglue-savings-"));
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

const cyclesOf = (elf: string) =>
  execute(loadElf(readFileSync(elf)), { coprocessors: builtinCoprocessors() }).cycles;

describe("zkglue savings", () => {
  it("prints both runs side by side with their ratios", async () => {
    const r = await zkglue("savings", SW, COP);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const [sw, cop] = [cyclesOf(SW), cyclesOf(COP)];
    const cycles = r.stdout.split("\n").find((l) => l.startsWith("cycles")) ?? "";
    expect(cycles.split(/\s+/).slice(1, 3)).toEqual(
      [sw, cop].map((n) => n.toLocaleString("en-US")),
    );
    expect(r.stdout).toMatch(/^\s+sha256_1k_sw\.elf\s+sha256_1k_cop\.elf\s+base \/ acc$/m);
    expect(r.stdout).toMatch(/^ {2}rv\.cpu\s/m);
    expect(r.stdout).toMatch(/^ {2}cop\.sha256\s/m);
    expect(r.stdout).toMatch(/^cop\.sha256: 17 calls, [\d,]+ cells per call/m);
    expect(r.stdout).toMatch(/journals match \(32 bytes\)\n$/);
    expect(r.stdout).not.toContain("prove ms");
  });

  it("--json gives the report as data", async () => {
    const r = await zkglue("savings", SW, COP, "--json");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as SavingsReport;
    expect(report.journalsMatch).toBe(true);
    expect(report.baseline.label).toBe("sha256_1k_sw.elf");
    expect(report.baseline.cycles).toBe(cyclesOf(SW));
    expect(report.accelerated.cycles).toBe(cyclesOf(COP));
    expect(report.ratios.cycles).toBeCloseTo(report.baseline.cycles / report.accelerated.cycles, 9);
    expect(report.ratios.cycles).toBeGreaterThan(10);
    expect(report.ratios.paddedTraceCells).toBeGreaterThan(1);
    const sha = report.accelerated.tables.find((t) => t.name === "cop.sha256");
    expect(sha).toMatchObject({ calls: 17 });
    expect(sha?.rows).toBeGreaterThan(0);
    expect(report.baseline.tables.find((t) => t.name === "cop.sha256")).toMatchObject({
      calls: 0,
      rows: 0,
    });
    for (const side of [report.baseline, report.accelerated]) {
      expect(side.proof).toBeUndefined();
      expect(side.traceCells).toBe(side.tables.reduce((s, t) => s + t.rows * t.rowCells, 0));
    }
  });

  it("--prove adds prove ms, verify ms and receipt bytes; --html writes the page", async () => {
    // The coprocessor guest against itself: proving the software one would take ~20 s more.
    const html = join(dir, "savings.html");
    const r = await zkglue("savings", COP, COP, "--prove", "--json", "--html", html);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as SavingsReport;
    for (const side of [report.baseline, report.accelerated]) {
      expect(side.proof?.runs).toBe(1);
      expect(side.proof?.proveMs).toBeGreaterThan(0);
      expect(side.proof?.verifyMs).toBeGreaterThan(0);
      expect(side.proof?.receiptBytes).toBeGreaterThan(10_000);
    }
    expect(report.ratios.proveMs).toBeGreaterThan(0);
    expect(report.ratios.receiptBytes).toBe(1); // the same program proves to the same size
    const page = readFileSync(html, "utf8");
    expect(page.match(/<svg /g)).toHaveLength(3); // cells, cycles, prove time
    expect(page).toContain("sha256_1k_cop.elf vs sha256_1k_cop.elf");
  });

  it("differing journals: says so and exits 1 (nothing is proven)", async () => {
    const r = await zkglue("savings", GUEST("sha256"), COP, "--prove");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("journals DIFFER");
    expect(r.stderr).toMatch(/the journals differ \(baseline [0-9a-f]+, accelerated [0-9a-f]+\)/);
    expect(r.stderr).toContain("so neither was proven");
  });

  it("a failing guest exits 1 and is named", async () => {
    const r = await zkglue("savings", SW, GUEST("exit_nonzero"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/exit_nonzero\.elf: the guest exited with code 3/);
  });

  it("refuses bad command lines and unusable files with status 2", async () => {
    const cases: [string[], RegExp][] = [
      [["savings"], /missing <baseline\.elf> <accelerated\.elf>/],
      [["savings", SW], /missing <baseline\.elf> <accelerated\.elf>/],
      [["savings", SW, COP, SW], /expected two ELFs/],
      [["savings", SW, COP, "--bogus"], /Unknown option '--bogus'/],
      [["savings", SW, COP, "--runs", "3"], /--runs only applies with --prove/],
      [["savings", SW, COP, "--prove", "--runs", "0"], /--runs must be at least 1/],
      [["savings", SW, COP, "--prove", "--runs", "2x"], /--runs must be a positive integer/],
      [["savings", SW, COP, "--segment-cycles", "7"], /--segment-cycles 7: /],
      [["savings", SW, join(dir, "missing.elf")], /cannot read ELF file ".*missing\.elf": ENOENT/],
      [["savings", SW, COP, "--input", join(dir, "nope")], /cannot read input file ".*nope"/],
      [
        ["savings", SW, COP, "--html", join(dir, "no/such/dir/x.html")],
        /cannot write the HTML report ".*x\.html": no folder ".*no\/such\/dir"/,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await zkglue(...argv);
      expect(r.status, argv.join(" ")).toBe(2);
      expect(r.stderr, argv.join(" ")).toMatch(message);
    }
    expect(existsSync(join(dir, "no"))).toBe(false);
  });

  it("help", async () => {
    expect((await zkglue("--help")).stdout).toMatch(/\n {2}savings +compare a run/);
    const r = await zkglue("savings", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: zkglue savings <baseline\.elf> <accelerated\.elf>/);
  });
});
