/**
 * A user's coprocessor, end to end through the CLI, as README's "Your own coprocessor in one
 * file" walks through it (its files are taken from the README): a word incrementer with a real
 * AIR, written in a temporary folder outside the repository (no package.json there) and
 * importing only "zkglue", gets its C header from `zkglue bindings`; a guest compiled against
 * that header runs, proves, verifies with the module, is refused without it (the message names
 * the coprocessor and says what to pass), is compared with a software twin by `zkglue savings`,
 * and the coprocessor passes the fuzzer. These run the real entry point in child processes, as a
 * user would. In-process: the module sees the very package instance the CLI runs, and loading
 * errors name the module.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import { importUserModule } from "../../cli/load-module.js";
import { defineCoprocessor } from "../../glue/coprocessor.js";
import { buildGuests, ROOT } from "./guest-build.js";

const dir = mkdtempSync(join(tmpdir(), "zkglue-user-"));
mkdirSync(join(dir, "src"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The README's walk-through is what runs here: its section's TypeScript block is the user's
 * file (*x := *x + 1, one table row per call) and its C block with a main the guest.
 */
function readmeFiles(): { module: string; guest: string } {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("## Your own coprocessor in one file");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
  const module = blocks.find((m) => m[1] === "ts")?.[2];
  const guest = blocks.find((m) => m[1] === "c" && m[2].includes("int main"))?.[2];
  if (start < 0 || module === undefined || guest === undefined)
    throw new Error("README.md: the section's TypeScript file or C guest is missing");
  return { module, guest };
}
const { module: INCREMENT, guest: GUEST } = readmeFiles();

/** The software twin for `zkglue savings`: the same journal without the coprocessor. */
const SOFTWARE = `#include "zkglue.h"

int main(void) {
  static volatile uint32_t x[1] = {0xfffffffeu};
  for (int i = 0; i < 3; i++) x[0] = x[0] + 1;
  zkglue_commit_u32(x[0]);
  volatile uint32_t y[1] = {0x0000ffffu};
  y[0] = y[0] + 1;
  zkglue_commit_u32(y[0]);
  return 0;
}
`;

/** The guest's journal: two little-endian words, computed here. */
const u32le = (...xs: number[]) => Buffer.from(new Uint32Array(xs).buffer).toString("hex");
const JOURNAL = u32le((0xfffffffe + 3) % 2 ** 32, 0xffff + 1);

const TSX = join(ROOT, "node_modules/tsx/dist/loader.mjs");

/** `zkglue ...argv` as a child process started in the user's folder. */
function zkglue(...argv: string[]) {
  const r = spawnSync(
    process.execPath,
    ["--import", `file://${TSX}`, join(ROOT, "cli/main.ts"), ...argv],
    { cwd: dir, encoding: "utf8" },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("a user's coprocessor through the CLI", () => {
  writeFileSync(join(dir, "increment.ts"), INCREMENT);

  it("bindings, run, prove, verify (with and without it), savings, fuzz", () => {
    const b = zkglue("bindings", "increment.ts", "-o", "src/increment.h");
    expect(b.stderr).toBe("wrote src/increment.h\n");
    const header = readFileSync(join(dir, "src/increment.h"), "utf8");
    expect(header).toContain("#define ZKGLUE_SYS_INCREMENT 0x1000");
    expect(header).toContain("static inline void increment(uint32_t x[1]) {");
    const out = buildGuests(dir, { "inc.c": GUEST, "inc_sw.c": SOFTWARE });
    const elf = join(out, "inc.elf");

    const run = zkglue("run", elf, "--coprocessor", "increment.ts", "--json");
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toMatchObject({ exitCode: 0, journal: JOURNAL });

    const prove = zkglue("prove", elf, "--coprocessor", "increment.ts", "-o", "r.bin");
    expect(prove.status, prove.stderr).toBe(0);
    expect(prove.stdout).toMatch(/cop\.increment +8\n/);
    expect(prove.stdout).toContain(`journal:     ${JOURNAL}`);

    const verify = zkglue("verify", "r.bin", "--elf", elf, "--coprocessor", "./increment.ts");
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`journal (8 bytes): ${JOURNAL}`);

    const without = zkglue("verify", "r.bin", "--elf", elf);
    expect(without.status).toBe(1);
    expect(without.stderr).toContain(
      'coprocessor set mismatch: proven with "increment" (0x1000), which the verifier was not given',
    );
    expect(without.stderr).toContain("Pass --coprocessor <module>");

    const savings = zkglue(
      "savings",
      join(out, "inc_sw.elf"),
      elf,
      "--coprocessor",
      "increment.ts",
    );
    expect(savings.status, savings.stderr).toBe(0);
    expect(savings.stdout).toMatch(/cop\.increment +0 \/ 8 +4 \/ 8/);
    expect(savings.stdout).toContain("journals match (8 bytes)");

    const fuzz = zkglue("fuzz", "increment.ts");
    expect(fuzz.status, fuzz.stdout).toBe(0);
    expect(fuzz.stdout).toMatch(/cop\.increment: [\d,]+ mutations on 4 real and 3 padding rows/);
    expect(fuzz.stdout).toContain("no undetected mutation outside declared free cells");
  }, 300_000);
});

describe("loading a module in-process", () => {
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const FIB = join(ROOT, "examples/guests/fibonacci.elf");

  /** `zkglue run fibonacci.elf --coprocessor m...`: status and stderr. */
  async function runWith(...modules: string[]) {
    let stderr = "";
    const io = { stdout: () => {}, stderr: (d: string | Uint8Array) => void (stderr += d) };
    const argv = ["run", FIB, ...modules.flatMap((m) => ["--coprocessor", m])];
    return { status: await main(argv, io), stderr };
  }

  it('gives the module the package instance the CLI runs ("zkglue" is not bundled)', async () => {
    const mod = await importUserModule(write("same.ts", `export * from "zkglue";`));
    expect(mod.defineCoprocessor).toBe(defineCoprocessor);
  });

  it("takes every exported coprocessor of a JavaScript module without a default export", async () => {
    const js = `import { defineCoprocessor } from "zkglue";
const call = (f) => ({ function: f, doc: "nothing", args: [{ name: "v", kind: "value", words: 0 }] });
export const one = defineCoprocessor({ name: "one", syscall: 0x1001, execute() {}, call: call("one") });
export const two = defineCoprocessor({ name: "two", syscall: 0x1002, execute() {}, call: call("two") });
export const notACoprocessor = 3;
`;
    const file = write("pair.mjs", js);
    let out = "";
    const io = { stdout: (d: string | Uint8Array) => void (out += d), stderr: () => {} };
    expect(await main(["bindings", file], io)).toBe(0);
    expect(out).toContain("static inline void one(uint32_t v) {");
    expect(out).toContain("static inline void two(uint32_t v) {");
  });

  it("refuses a module that exports no coprocessor, naming it", async () => {
    const r = await runWith(write("nothing.ts", "export const x: number = 1;"));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, "nothing.ts")} exports no coprocessor`);
  });

  it("refuses a missing module, a syntax error and a module that throws, naming the file", async () => {
    expect((await runWith(join(dir, "nope.ts"))).stderr).toContain(
      `cannot read module "${join(dir, "nope.ts")}": ENOENT`,
    );
    const broken = await runWith(write("broken.ts", "export default {\n"));
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain(
      `${join(dir, "broken.ts")}:2:0: Expected identifier but found end of file`,
    );
    const boom = await runWith(write("boom.ts", `throw new Error("boom");`));
    expect(boom.stderr).toContain(`module "${join(dir, "boom.ts")}" failed to load: boom`);
  });

  it("checks a plain exported object with defineCoprocessor's rules", async () => {
    const plain = `export default { name: "plain", syscall: 0x1000, execute() {},
  call: { function: "plain", doc: "", args: [], extra: 1 } };`;
    const r = await runWith(write("plain.ts", plain));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `${join(dir, "plain.ts")}: invalid coprocessor "plain": unknown field "extra" in call`,
    );
  });

  it("refuses a name, syscall or C function a built-in or another module has", async () => {
    const cop = (name: string, syscall: number, fn: string) =>
      `import { defineCoprocessor } from "zkglue";
export default defineCoprocessor({ name: "${name}", syscall: ${syscall}, execute() {},
  call: { function: "${fn}", doc: "", args: [] } });`;
    const sha = await runWith(write("sha.ts", cop("sha256", 0x100, "f")));
    expect(sha.stderr).toContain(
      `coprocessor "sha256" (from ${join(dir, "sha.ts")}) and the built-in "sha256" have the same name "sha256"`,
    );
    const a = write("a.ts", cop("aaa", 0x1000, "fa"));
    const b = write("b.ts", cop("bbb", 0x1000, "fb"));
    expect((await runWith(a, b)).stderr).toContain(
      `coprocessor "bbb" (from ${b}) and "aaa" (from ${a}) have the same syscall 0x1000`,
    );
    const c = write("c.ts", cop("ccc", 0x1003, "zkglue_poseidon2_permute"));
    expect((await runWith(c)).stderr).toContain(
      `the built-in "poseidon2" have the same C function zkglue_poseidon2_permute`,
    );
  });

  it("names the missing module when a guest calls an unknown syscall", async () => {
    const elf = join(dir, "out/inc.elf");
    if (!existsSync(elf)) {
      // the first test builds it; alone, this one builds it too
      const quiet = { stdout: () => {}, stderr: () => {} };
      const header = join(dir, "src/increment.h");
      await main(["bindings", join(dir, "increment.ts"), "-o", header], quiet);
      buildGuests(dir, { "inc.c": GUEST });
    }
    let stderr = "";
    const io = { stdout: () => {}, stderr: (d: string | Uint8Array) => void (stderr += d) };
    expect(await main(["run", elf], io)).toBe(1);
    expect(stderr).toContain("unknown syscall 0x00001000");
    expect(stderr).toContain("pass its module with --coprocessor <module>");
  });
});
