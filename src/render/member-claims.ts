import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResolvedCluster } from '../model/resolved-cluster';
import { kubeObject } from '../private/kube-object';
import { names } from '../private/names';

/**
 * Each member's pgdata claim `pgdata-<c>-<i>`, rendered once the volume grew past the StatefulSet's claim template
 * (which Kubernetes never lets change): applying a larger request expands the volume. GitOps tools never prune or
 * delete them (a claim holds the data; a member removed by scaling down keeps its claim, as the StatefulSet's
 * retention policy says). Same wave as the StatefulSet: Argo CD applies claims before StatefulSets within a wave, and
 * an earlier wave would wait forever for a new member's claim under a WaitForFirstConsumer storage class.
 */
export function renderMemberClaims(scope: Construct, c: ResolvedCluster): void {
  const claim = c.memberClaim;
  if (!claim) return;
  const annotations = {
    ...c.annotations,
    'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
    'kustomize.toolkit.fluxcd.io/prune': 'disabled',
  };
  for (let i = 0; i < c.instances; i++) {
    kubeObject(scope, `MemberClaim${i}`, k8s.KubePersistentVolumeClaim.GVK, {
      name: names.memberClaim(c.name, i),
      namespace: c.namespace,
      labels: claim.metadata?.labels,
      annotations,
    }, { spec: k8s.toJson_PersistentVolumeClaimSpec(claim.spec!) });
  }
}
