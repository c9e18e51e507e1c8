import { PodParts } from './pod-parts';
import { failConflict } from '../../private/validation';

/**
 * One value per annotation key. IRSA: the first role wins (the cluster's archive, then logs, then
 * clone or standby, which also name their role in `*_AWS_ROLE_ARN`); GKE has no such escape.
 */
export function serviceAccountAnnotations(list: PodParts['serviceAccountAnnotations']): Record<string, string> {
  const out: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const a of list) {
    if (out[a.key] === undefined) {
      out[a.key] = a.value;
      from[a.key] = a.prop;
    } else if (out[a.key] !== a.value && a.key !== 'eks.amazonaws.com/role-arn') {
      failConflict(`${from[a.key]}, ${a.prop}`, `both set the ServiceAccount annotation ${a.key} ('${out[a.key]}' and '${a.value}'); one ServiceAccount has one GCP service account`);
    }
  }
  return out;
}
