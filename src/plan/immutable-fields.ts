import { diffFields } from './field-diff';
import { Manifest, objectLabel } from './manifests';
import { PlanBlocker } from './plan-structs';
import { quantityBytes } from './quantity-bytes';

/** The StatefulSet spec fields the API server lets change; any other is refused on update. */
const STATEFULSET_MUTABLE = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);

const ORPHAN = (name: string) => `\`kubectl delete statefulset ${name} --cascade=orphan\` and apply again (the pods and claims stay, the new StatefulSet adopts them)`;

function statefulSetRemedy(field: string, sts: Manifest): string {
  if (field.startsWith('spec.volumeClaimTemplates')) {
    return /resources\.requests\.storage$/.test(field)
      ? 'keep the claim template as it is: set `volume.claimTemplateSize` to the size the cluster was created with, so the members\' claims grow instead'
      : `revert it, or ${ORPHAN(sts.metadata.name)}; new claim settings apply only to members created afterwards`;
  }
  if (field.startsWith('spec.selector')) return 'revert it: the selector comes from the cluster\'s labels (cluster labels, cluster-name label key), which cannot change for a running cluster';
  return `revert it, or ${ORPHAN(sts.metadata.name)}`;
}

/** Changes to one object that the API server refuses on update (the object keeps its name). */
export function immutableFieldBlockers(before: Manifest, after: Manifest, cluster?: string): PlanBlocker[] {
  const object = objectLabel(after);
  const at = (field: string, problem: string, remedy: string): PlanBlocker => ({ ...(cluster ? { cluster } : {}), object, field, problem, remedy });
  const out: PlanBlocker[] = [];
  const changed = (prefix: string) => diffFields(before.spec?.[prefix], after.spec?.[prefix], `spec.${prefix}`);
  switch (after.kind) {
    case 'StatefulSet':
      for (const key of new Set([...Object.keys(before.spec ?? {}), ...Object.keys(after.spec ?? {})])) {
        if (STATEFULSET_MUTABLE.has(key)) continue;
        for (const d of changed(key)) {
          out.push(at(d.path, `the API server refuses to change a StatefulSet's \`spec.${key}\` (the apply fails, nothing of it is applied)`, statefulSetRemedy(d.path, after)));
        }
      }
      break;
    case 'Job':
      for (const key of ['template', 'selector', 'completionMode']) {
        const [d] = changed(key);
        if (d) {
          out.push(at(d.path, `a Job's \`spec.${key}\` cannot change under the same name (the apply fails)`,
            'give the Job a new name (the library names its Jobs after their content), or delete the old Job first (Argo CD: sync options `Force=true,Replace=true`; Flux: `spec.force: true`)'));
        }
      }
      break;
    case 'PersistentVolumeClaim': {
      const b = quantityBytes(before.spec?.resources?.requests?.storage);
      const a = quantityBytes(after.spec?.resources?.requests?.storage);
      if (b !== undefined && a !== undefined && a < b) {
        out.push(at('spec.resources.requests.storage', `a claim cannot shrink (${before.spec.resources.requests.storage} -> ${after.spec.resources.requests.storage}); the API server refuses it`,
          'keep the size (`volume.size` at least the current one); to use less space, move the data to a new cluster'));
      }
      for (const key of ['accessModes', 'storageClassName', 'volumeMode', 'selector', 'volumeName', 'dataSource', 'dataSourceRef']) {
        const [d] = changed(key);
        if (d) out.push(at(d.path, `a bound claim's \`spec.${key}\` cannot change`, 'revert it; a different storage class or mode needs a new claim and a data copy'));
      }
      break;
    }
    case 'Deployment':
    case 'DaemonSet':
    case 'ReplicaSet': {
      const [d] = changed('selector');
      if (d) out.push(at(d.path, `a ${after.kind}'s selector cannot change`, `revert it, or delete the ${after.kind} and apply again`));
      break;
    }
    case 'RoleBinding':
    case 'ClusterRoleBinding': {
      const [d] = diffFields(before.roleRef, after.roleRef, 'roleRef');
      if (d) out.push(at(d.path, 'a binding\'s `roleRef` cannot change', 'delete the binding and apply again (Argo CD: sync options `Force=true,Replace=true`; Flux: `spec.force: true`)'));
      break;
    }
    case 'ConfigMap':
    case 'Secret':
      if (before.immutable === true) {
        const [d] = [...diffFields(before.data, after.data, 'data'), ...diffFields(before.binaryData ?? before.stringData, after.binaryData ?? after.stringData, 'data')];
        if (d) out.push(at(d.path, `an immutable ${after.kind}'s data cannot change`, `give the ${after.kind} a new name, or delete it and apply again`));
      }
      break;
    default:
  }
  return out;
}
