/**
 * Buses: named channels with a fixed message width over which tables send and receive tuples.
 *
 * A bus's id enters every fingerprint (as the coefficient of beta^width), so messages of two
 * buses can never cancel each other. The id is derived from the name (FNV-1a, folded into
 * [1, 2^27)), which keeps it stable across processes and import orders: prover and verifier
 * agree on it without a shared registry. It is never 0 — with id 0 a message (a, b) on a width-2
 * bus would have the same fingerprint as (a, b, 0) on a width-3 bus. Within one process a
 * registry refuses the same name with another width and two names with one id.
 */

/** A bus. Create with `defineBus`. */
export interface Bus {
  /** Nonzero, below 2^27; enters every fingerprint. */
  readonly id: number;
  readonly name: string;
  /** Number of field elements in every message. */
  readonly width: number;
}

const byName = new Map<string, Bus>();
const byId = new Map<number, Bus>();

/** FNV-1a (32-bit) of the UTF-8 name, folded into [1, 2^27). */
export function busIdOf(name: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(name)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % (2 ** 27 - 1)) + 1;
}

/**
 * Defines (or returns the already defined) bus `name` with messages of `width` field elements.
 *
 * @example
 * const byteBus = defineBus("byte", 1);
 * b.send(byteBus, [b.local.x], 1);
 */
export function defineBus(name: string, width: number, options: { id?: number } = {}): Bus {
  if (typeof name !== "string" || name.length === 0) {
    throw new TypeError("defineBus: the name must be a non-empty string");
  }
  if (!Number.isInteger(width) || width < 1 || width > 1024) {
    throw new RangeError(
      `defineBus("${name}"): width must be an integer in [1, 1024], got ${width}`,
    );
  }
  const id = options.id ?? busIdOf(name);
  if (!Number.isInteger(id) || id < 1 || id >= 2 ** 27) {
    throw new RangeError(`defineBus("${name}"): id must be an integer in [1, 2^27), got ${id}`);
  }
  const existing = byName.get(name);
  if (existing !== undefined) {
    if (existing.width !== width || existing.id !== id) {
      throw new Error(
        `defineBus("${name}", ${width}): bus "${name}" is already defined with width ${existing.width} and id ${existing.id}`,
      );
    }
    return existing;
  }
  const clash = byId.get(id);
  if (clash !== undefined) {
    throw new Error(
      `defineBus("${name}"): id ${id} is already used by bus "${clash.name}"; pass another { id }`,
    );
  }
  const bus: Bus = Object.freeze({ id, name, width });
  byName.set(name, bus);
  byId.set(id, bus);
  return bus;
}

/**
 * Checks that a set of buses (e.g. all buses of a verifying key) has distinct names and ids, so
 * no two of them can share fingerprints. Throws naming the clash.
 */
export function assertDistinctBuses(buses: Iterable<Bus>): void {
  const names = new Map<string, Bus>();
  const ids = new Map<number, Bus>();
  for (const bus of buses) {
    const n = names.get(bus.name);
    if (n !== undefined && (n.id !== bus.id || n.width !== bus.width)) {
      throw new Error(`buses: "${bus.name}" appears with two different ids or widths`);
    }
    const i = ids.get(bus.id);
    if (i !== undefined && i.name !== bus.name) {
      throw new Error(`buses: "${i.name}" and "${bus.name}" share id ${bus.id}`);
    }
    if (!Number.isInteger(bus.id) || bus.id < 1 || bus.id >= 2 ** 27) {
      throw new Error(`buses: "${bus.name}" has invalid id ${bus.id}`);
    }
    names.set(bus.name, bus);
    ids.set(bus.id, bus);
  }
}
