// The bad-input rows of the cluster live in test/bad-input/rows/cluster.ts (run by test/bad-input/bad-input.test.ts).
import { construct } from './fixtures';

describe('bad input fails at synth time with a message naming the prop', () => {
  test('errors carry the construct path', () => {
    // GIVEN / WHEN / THEN
    expect(() => construct({ instances: -1 })).toThrow(/^test\/acid-test: instances: /);
  });
});
