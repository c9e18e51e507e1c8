// Property-based fuzz of the cluster props: every generated prop set is refused with a PostgresValidationError
// naming a prop, or synthesizes manifests the test validator accepts. Seeded; FUZZ_RUNS sets the number of cases
// (default keeps the unit suite fast), FUZZ_SEED another seed, FUZZ_REPORT=1 prints the outcome counts.
import * as fc from 'fast-check';
import { Outcome, runCase } from './outcome';
import { buildCase, fuzzInput } from './props-arbitrary';
import { publicPropPaths } from '../bad-input/public-props';
import '../util'; // registers the third-party CRDs with the validator

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const PROP_NAMES = new Set(publicPropPaths().map(p => p.slice(p.indexOf('.') + 1)));

test(`${RUNS} generated prop sets are refused clearly or give valid manifests (seed ${SEED})`, () => {
  const counts: Record<string, number> = {};
  const failures: string[] = [];
  fc.assert(fc.property(fuzzInput, input => {
    const outcome: Outcome = runCase(buildCase(input), PROP_NAMES);
    const key = outcome.kind === 'refused' ? `refused ${outcome.prop}` : outcome.kind === 'known' ? `known: ${outcome.finding}` : outcome.kind;
    counts[key] = (counts[key] ?? 0) + 1;
    if (outcome.kind === 'failure') failures.push(outcome.reason);
    return outcome.kind !== 'failure';
  }), { seed: SEED, numRuns: RUNS, endOnFailure: true });
  if (process.env.FUZZ_REPORT) console.log(JSON.stringify({ runs: RUNS, seed: SEED, counts }, null, 2));
  // both outcomes occur: a generator that only produced refusals (or only valid sets) would test little
  expect(failures).toEqual([]);
  expect(counts.accepted).toBeGreaterThan(0);
  expect(Object.keys(counts).filter(k => k.startsWith('refused')).length).toBeGreaterThan(3);
});
