// updateJsonLines() must feed a hash exactly the bytes of JSON.stringify(lines.join('\n')): Job names depend on it.
import { createHash } from 'crypto';
import { registerHashConstants, updateJsonLines } from '../../src/private/json-hash';

const A = 'CREATE FUNCTION a() AS $x$\n  SELECT "quoted" \\ back\tslash;\n$x$;';
const B = 'constant two: é ü 𝄞 \u0001';
registerHashConstants(A, B);

const expected = (lines: string[]) => createHash('sha256').update(JSON.stringify(lines.join('\n'))).digest('hex');
const actual = (lines: string[]) => updateJsonLines(createHash('sha256'), lines).digest('hex');

describe('updateJsonLines', () => {
  test.each([
    [[]],
    [['']],
    [['', '']],
    [[A]],
    [[A, B]],
    [[A, '', B, '']],
    [['-- head', A, 'x', 'y', B, 'tail', '']],
    [['lone \ud800', '\udc00 surrogates', A, 'end "quote"']],
    [['no constants', 'at all', 'ünïcödé']],
    [[B, B, A, A]],
  ])('%j hashes as its JSON string', lines => {
    expect(actual(lines)).toBe(expected(lines));
  });
});
