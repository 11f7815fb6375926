import { defineConfig } from "vitest/config";

// Proofs of multi-million-cycle guests take minutes: test/large runs only when asked for
// (`npm test` asks; see scripts/test.sh).
const large = process.env.ZKGLUE_LARGE_TESTS === "1";
// test/huge: a 2^26-cycle chain (about 40 minutes), only with ZKGLUE_HUGE_TESTS=1.
const huge = process.env.ZKGLUE_HUGE_TESTS === "1";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [...(large ? [] : ["test/large/**"]), ...(huge ? [] : ["test/huge/**"])],
    // Proof tests are CPU-bound; two forks match the two cores CI has.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ["test/global-setup.ts"],
  },
});
