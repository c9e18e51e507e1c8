/*
 * The compiler options of the app `cdk8s init typescript-app` creates: templates/typescript-app/tsconfig.json of
 * cdk8s-team/cdk8s-cli (read at b829789, October 2024). A README snippet must compile there, as a user's main.ts.
 */
import * as ts from 'typescript';

/**
 * The template's options, minus `charset` (removed in TypeScript 5.5; it had no effect). Two implicit settings of the
 * template's TypeScript (^4.9) are spelled out because TypeScript 6 changed their defaults: module resolution `node10`
 * for CommonJS (6.0 deprecates it, hence ignoreDeprecations) and every installed @types package (the app has
 * @types/node). Everything strict stays, notably noUnusedLocals and noUnusedParameters.
 */
export const CDK8S_APP_OPTIONS: ts.CompilerOptions = {
  alwaysStrict: true,
  declaration: true,
  experimentalDecorators: true,
  inlineSourceMap: true,
  inlineSources: true,
  lib: ['lib.es2016.d.ts'],
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  ignoreDeprecations: '6.0',
  types: ['node'],
  noEmitOnError: true,
  noFallthroughCasesInSwitch: true,
  noImplicitAny: true,
  noImplicitReturns: true,
  noImplicitThis: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  resolveJsonModule: true,
  strict: true,
  strictNullChecks: true,
  strictPropertyInitialization: true,
  stripInternal: true,
  target: ts.ScriptTarget.ES2017,
};
