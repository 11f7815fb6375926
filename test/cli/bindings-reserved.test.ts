/**
 * The names the bindings generator reserves are the SDK's: its lists equal the functions and
 * syscall macros guest/'s hand-written headers declare (so they cannot drift), and a coprocessor
 * whose function is one of them is refused, naming the coprocessor, the function and the header,
 * since the guest including both headers would not compile (a redefinition).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cBindings, SDK_FUNCTIONS, SDK_MACROS } from "../../glue/bindings.js";
import { type Coprocessor, CoprocessorError } from "../../glue/coprocessor.js";
import { ROOT } from "./guest-build.js";

const GUEST = join(ROOT, "guest");

/**
 * Headers no guest includes: the generated built-ins' bindings (their names are the
 * generator's own), and the secp256k1 library's body and tables, included only by its .c files.
 */
const NOT_SDK = new Set(["zkglue_coprocessors.h", "secp256k1_impl.h", "secp256k1_tables.h"]);

/** `text` without comments, preprocessor lines and C++ `extern "C" {` wrappers. */
function declarationsOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\/\/.*$/gm, "")
    .replace(/^\s*#(?:.*\\\n)*.*$/gm, "")
    .replace(/extern\s+"C"\s*\{/g, "");
}

/** The functions a header declares or defines: identifiers before "(" outside any body. */
function declaredFunctions(text: string): string[] {
  const names: string[] = [];
  let depth = 0;
  for (const m of declarationsOnly(text).matchAll(/[{}]|\b([A-Za-z_]\w*)\s*\(/g)) {
    if (m[0] === "{") depth++;
    else if (m[0] === "}") depth = Math.max(0, depth - 1);
    else if (depth === 0 && m[1] !== "__attribute__") names.push(m[1]);
  }
  return names;
}

const headers = readdirSync(GUEST).filter((f) => f.endsWith(".h") && !NOT_SDK.has(f));

describe("the names the bindings reserve", () => {
  it("are exactly the functions the SDK's headers declare, header by header", () => {
    const declared = Object.fromEntries(
      headers.map((h) => [h, declaredFunctions(readFileSync(join(GUEST, h), "utf8")).sort()]),
    );
    const listed = Object.fromEntries(
      Object.entries(SDK_FUNCTIONS).map(([h, names]) => [h, [...names].sort()]),
    );
    expect(listed).toEqual(declared);
    expect(declared["zkglue.h"]).toContain("zkglue_commit");
  });

  it("include every ZKGLUE_SYS_ macro zkglue.h defines", () => {
    const sdk = readFileSync(join(GUEST, "zkglue.h"), "utf8");
    const macros = [...sdk.matchAll(/^#define ZKGLUE_SYS_(\w+)/gm)].map((m) => m[1]);
    expect(new Set(macros)).toEqual(SDK_MACROS);
  });
});

describe("a coprocessor whose function the SDK declares", () => {
  const commit: Coprocessor = {
    name: "commit",
    syscall: 0x1000,
    execute: () => {},
    call: { function: "zkglue_commit", doc: "", args: [] },
  };
  const options = { guard: "COMMIT_H", command: "test", description: "Test." };

  it("is refused, naming the coprocessor, the function and the header", () => {
    expect(() => cBindings([commit], options)).toThrow(
      new CoprocessorError(
        'coprocessor "commit": its function zkglue_commit is already declared by the SDK (guest/zkglue.h); rename it',
      ),
    );
  });

  it("is refused for every reserved name, in every header", () => {
    // zkglue_read and the like clash by their ZKGLUE_SYS_ macro first, refused as such.
    for (const name of Object.values(SDK_FUNCTIONS).flat()) {
      const c = { ...commit, call: { ...commit.call!, function: name } };
      expect(() => cBindings([c], options)).toThrow(`coprocessor "commit": its function ${name} `);
    }
  });

  it("is accepted under a name of its own", () => {
    const own = { ...commit, call: { ...commit.call!, function: "commit" } };
    expect(cBindings([own], options)).toContain("static inline void commit(void) {");
  });
});
