/**
 * A user's module that reaches the package's entry by a relative path, however spelled (with
 * .js, with .ts, without an extension, or the folder itself), gets the very instance the CLI
 * runs, as `import ... from "zkglue"` does: one copy of the package, not a bundled second one.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importUserModule } from "../../cli/load-module.js";
import { defineCoprocessor } from "../../glue/coprocessor.js";
import { ROOT } from "./guest-build.js";

const dir = mkdtempSync(join(tmpdir(), "zkglue-load-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The module `export * from "<specifier>"`, written to the temporary folder and imported. */
async function reexport(name: string, specifier: string) {
  const file = join(dir, name);
  writeFileSync(file, `export * from ${JSON.stringify(specifier)};\n`);
  return importUserModule(file);
}

describe("a relative import of the package's entry", () => {
  const root = relative(dir, ROOT).replace(/\/$/, "");

  it.each([
    ["with .js", `${root}/index.js`],
    ["with .ts", `${root}/index.ts`],
    ["without an extension", `${root}/index`],
    ["as the package's folder", root],
  ])("%s is the package instance the CLI runs", async (how, specifier) => {
    expect(specifier.startsWith("../")).toBe(true);
    const mod = await reexport(`${how.replace(/\W+/g, "-")}.ts`, specifier);
    expect(mod.defineCoprocessor).toBe(defineCoprocessor);
  });

  it("leaves other relative imports bundled", async () => {
    writeFileSync(join(dir, "helper.ts"), "export const helper = 41 + 1;\n");
    const mod = await reexport("uses-helper.ts", "./helper");
    expect(mod.helper).toBe(42);
  });
});
