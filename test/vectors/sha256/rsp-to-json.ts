/**
 * Converts a NIST CAVP SHAVS response file (SHA256ShortMsg.rsp, SHA256LongMsg.rsp) into the JSON
 * the tests read: `{ source, vectors: [{ len, msg, digest }] }`, `len` in bits, hex lowercase.
 * SHAVS writes the empty message as `Len = 0, Msg = 00` (SHAVS §6.1); it becomes `msg: ""`.
 *
 *   npx tsx test/vectors/sha256/rsp-to-json.ts SHA256ShortMsg.rsp > test/vectors/sha256/cavp-short.json
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";

interface Vector {
  len: number;
  msg: string;
  digest: string;
}

function parse(text: string): Vector[] {
  const out: Vector[] = [];
  let len = -1;
  let msg = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const m = /^(Len|Msg|MD)\s*=\s*([0-9a-fA-F]*)$/.exec(line);
    if (m === null) continue; // comments (#), [L = 32], blank lines
    const [, key, value] = m;
    if (key === "Len") len = Number(value);
    else if (key === "Msg") msg = len === 0 ? "" : value.toLowerCase();
    else {
      if (msg.length * 4 !== len)
        throw new Error(`Len = ${len} but Msg has ${msg.length} hex digits`);
      out.push({ len, msg, digest: value.toLowerCase() });
    }
  }
  return out;
}

const path = process.argv[2];
const vectors = parse(readFileSync(path, "utf8"));
process.stdout.write(JSON.stringify({ source: basename(path), vectors }, null, 2) + "\n");
