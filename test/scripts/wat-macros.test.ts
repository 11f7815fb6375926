import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expandMacros, includeFiles } from "../../scripts/wat-macros.js";

const dir = mkdtempSync(join(tmpdir(), "zkglue-wat-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the WAT macro expander's includes", () => {
  it("inserts an included file's definitions where the include line was, relative to the file", () => {
    writeFileSync(join(dir, "shared.wat.inc"), ";;@define TWICE (x) (i32.add %x %x)\n");
    writeFileSync(
      join(dir, "k.wat"),
      ";;@include shared.wat.inc\n(func (result i32) (TWICE (i32.const 3)))\n",
    );
    const source = includeFiles(join(dir, "k.wat"));
    expect(source).not.toContain(";;@include");
    expect(expandMacros(source).trim()).toBe(
      "(func (result i32) (i32.add (i32.const 3) (i32.const 3)))",
    );
  });

  it("refuses an include cycle, naming it", () => {
    writeFileSync(join(dir, "a.wat"), ";;@include b.wat\n");
    writeFileSync(join(dir, "b.wat"), ";;@include a.wat\n");
    expect(() => includeFiles(join(dir, "a.wat"))).toThrow(
      /include cycle: .*a\.wat -> .*b\.wat -> .*a\.wat/,
    );
  });
});
