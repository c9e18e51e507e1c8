// A seeded sample of the prop sets the unit fuzz (test/fuzz) accepts, applied to a real API server in fresh
// namespaces: the test validator must not have passed anything the server rejects.
import * as fc from 'fast-check';
import { Manifest } from './client';
import { connect, Target } from './target';
import { applyAll, namespacesOf, place } from './tier';
import { publicPropPaths } from '../bad-input/public-props';
import { runCase } from '../fuzz/outcome';
import { buildCase, fuzzInput } from '../fuzz/props-arbitrary';
import '../util'; // registers the third-party CRDs with the validator

const SAMPLE = Number(process.env.FUZZ_SAMPLE ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const PROP_NAMES = new Set(publicPropPaths().map(p => p.slice(p.indexOf('.') + 1)));

/** The first SAMPLE generated cases that the library accepts and the validator passes. */
function acceptedSample(): Array<{ input: unknown; objects: Manifest[] }> {
  const out: Array<{ input: unknown; objects: Manifest[] }> = [];
  for (const input of fc.sample(fuzzInput, { seed: SEED, numRuns: SAMPLE * 20 })) {
    const outcome = runCase(buildCase(input), PROP_NAMES);
    if (outcome.kind === 'accepted') out.push({ input, objects: outcome.objects });
    if (out.length === SAMPLE) break;
  }
  return out;
}

const CASES = acceptedSample();
let target: Target;

beforeAll(async () => {
  target = await connect();
}, 15 * 60_000); // a missing binary is built first (minutes); scripts/kube/test-tier.sh builds ahead of jest

afterAll(async () => {
  await target?.release();
});

test(`the seed yields ${SAMPLE} accepted prop sets`, () => {
  // fewer would mean the generator mostly produces refusals and the sample proves little
  expect(CASES.length).toBe(SAMPLE);
});

test.each(CASES.map((c, i) => [i, c] as const))('accepted prop set %i is accepted by the API server', async (_i, c) => {
  // GIVEN the manifests of a prop set the validator passed, in fresh namespaces (recreated per case: each server
  // has a small Service IP range)
  const placed = await place(target, c.objects, 'fz-sample');
  for (const ns of namespacesOf(placed)) await target.namespaces.fresh(ns);
  // WHEN every object is applied (server-side apply, strict field validation)
  const result = await applyAll(target, undefined, placed);
  // THEN the server accepts every one
  expect({ input: c.input, failures: result.failures }).toEqual({ input: c.input, failures: [] });
  expect(result.applied.size).toBe(placed.length);
});
