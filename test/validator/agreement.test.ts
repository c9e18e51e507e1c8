import { AGREEMENT_CASES, validatorVerdict } from './agreement-cases';

// The validator's side of the agreement table, without a server: each case gets the verdict it is listed with,
// so the API-server tier compares the server against what the validator really says.
describe('agreement table, validator side', () => {
  test('case names are unique (they name the server-side tests)', () => {
    const names = AGREEMENT_CASES.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test.each(AGREEMENT_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { verdict, issues } = validatorVerdict(c.object);
    expect({ verdict, issues: verdict === c.verdict ? [] : issues }).toEqual({ verdict: c.verdict, issues: [] });
  });
});
