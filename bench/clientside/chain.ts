/** @module The browser half of the clientside bench: three steps of a chain, the same arithmetic as the server's. */

export function step1([n]: [number]): [number] {
  return [n + 1];
}

export function step2([n]: [number]): [number] {
  return [n * 2];
}

export function step3([n]: [number]): [string] {
  return [`done ${n}`];
}
