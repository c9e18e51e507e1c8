// The props tree's two readings: the runtime value and the TypeScript that builds it must agree, quoting included.
import { Size } from 'cdk8s';
import * as ts from 'typescript';
import { call, importsOf, sourceOf, valueOf } from '../../src/operator-manifest/code';

/** Evaluates a source expression with `Size` in scope. */
function evaluate(source: string): unknown {
  const js = ts.transpile(`(${source})`, { target: ts.ScriptTarget.ES2022 });
  return new Function('Size', `return ${js.replace(/^"use strict";/, '').trim()}`)(Size);
}

describe('props trees', () => {
  const tricky = ["it's", 'back\\slash', 'line\nbreak', 'tab\there', 'dollar ${x} `tick`', '\u2028 separator', 'ünïcödé'];
  const tree = {
    'plain': 'value',
    'needs-quotes': tricky,
    'nested': { list: [1, true, 'x'], empty: [], none: undefined, size: call(Size.gibibytes(2), 'cdk8s:Size', 'gibibytes', 2) },
  };

  test('the source evaluates to the value, strings byte for byte', () => {
    const value = valueOf(tree);
    const evaluated = evaluate(sourceOf(tree)) as any;
    expect(evaluated['needs-quotes']).toEqual(tricky);
    expect({ ...evaluated, nested: { ...evaluated.nested, size: undefined } }).toEqual({ ...value, nested: { ...value.nested, size: undefined } });
    expect(evaluated.nested.size.toGibibytes()).toBe(2);
    expect('none' in value.nested).toBe(false);
  });

  test('imports are collected from the code leaves', () => {
    expect([...importsOf(tree)]).toEqual(['cdk8s:Size']);
  });
});
