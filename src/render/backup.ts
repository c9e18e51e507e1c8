import { Construct } from 'constructs';
import { BackupPlan } from '../model/backup';
import { ClusterIdentity } from '../model/resolved-cluster';
import { declareExternal } from '../private/external';

/**
 * What WAL archiving, clone and standby need besides the pod's env, volumes and mounts (which the
 * StatefulSet renderer takes from the plan): the user's credential Secrets, recorded as references.
 */
export function renderBackupReferences(scope: Construct, cluster: ClusterIdentity, plan: BackupPlan): void {
  for (const secret of plan.secrets) declareExternal(scope, 'Secret', cluster.namespace, secret);
}
