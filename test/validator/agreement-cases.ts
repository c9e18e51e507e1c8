/**
 * The validator/API-server agreement table: small objects, each a valid
 * control or a control with one field broken, with the verdict the validator
 * gives. test/apiserver/validator-agreement.apiserver.test.ts checks that a
 * real API server (1.28 and 1.34) gives the same verdict; agreement.test.ts
 * checks the validator's side without a server.
 */

import { AGREEMENT_NS } from './agreement-fixtures';
import { OBJECT_CASES } from './agreement-object-cases';
import { POD_CASES } from './agreement-pod-cases';
import { AgreementCase, Verdict } from './agreement-table';
import { validateManifests } from './index';

export type { AgreementCase, Verdict } from './agreement-table';

export const AGREEMENT_CASES: readonly AgreementCase[] = [...POD_CASES, ...OBJECT_CASES];

/**
 * Rules left out of the verdict: the API server has no counterpart by design (references are resolved when a
 * pod starts, not when a template is admitted; this project never puts Secret content in manifests), and the
 * cases break one field each, so these would only add noise.
 */
const NOT_JUDGED: ReadonlySet<string> = new Set(['ref/missing', 'secret/data']);

/** The validator's verdict on one object, with the issues behind it ("rule path"). */
export function validatorVerdict(obj: any): { verdict: Verdict; issues: string[] } {
  const issues = validateManifests([obj], { defaultNamespace: AGREEMENT_NS })
    .filter((i) => !NOT_JUDGED.has(i.rule))
    .map((i) => `${i.rule} ${i.path}`);
  return { verdict: issues.length ? 'rejected' : 'accepted', issues };
}
