import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { MajorVersionUpgradeMode } from '../cluster/major-version-upgrade';
import { ResolvedCluster } from '../model/resolved-cluster';
import { DYNAMIC_CONFIGURATION_SCRIPT_FILE } from '../private/dynamic-configuration-script';
import { SPILO_JOB_CONTAINER_SECURITY, SPILO_JOB_POD_SECURITY } from '../private/job-security';
import { kubeObject } from '../private/kube-object';
import { jobPodLabels } from '../private/labels';
import { names } from '../private/names';
import { reviewableJson } from '../private/reviewable-json';
import { SHARED_SCRIPTS_DIR, sharedScripts } from '../private/shared-scripts';
import { patroniApiCredentialsEnv } from '../spilo/patroni-api';

/** After the StatefulSet (0) and the rollout Job (1): Argo CD starts it once the members run the new template. */
export const DYNAMIC_CONFIGURATION_WAVE = '2';

const SPEC_FILE = 'dynamic-configuration.json';
const CONTAINER = 'dynamic-configuration';
const SPEC_DIR = '/etc/cdk8s-postgres/dynamic-configuration';

/**
 * The dynamic configuration Job `<c>-dcs-<hash>` and the ConfigMap of the same name with its input: the DCS
 * configuration git wants (Spilo's defaults, then the library's `bootstrap.dcs`). Both are named after a hash of
 * that input and the Job's spec (which holds the PostgreSQL major and the shared scripts' name), so a change runs it
 * once and an unchanged app never does. Its ServiceAccount may read the StatefulSet and list pods (and, unless
 * in-place upgrades are off, exec into and label the members by name); it talks to Patroni's REST API and, as the
 * superuser, to each member's PostgreSQL.
 */
export function renderDynamicConfigurationJob(scope: Construct, c: ResolvedCluster): void {
  if (c.instances === 0) return;
  const account = names.dynamicConfiguration(c.name);
  const metadata = (name: string, wave?: string) => {
    const annotations = { ...c.annotations, ...(wave ? { 'argocd.argoproj.io/sync-wave': wave } : {}) };
    return { name, namespace: c.namespace, labels: c.labels, ...(Object.keys(annotations).length ? { annotations } : {}) };
  };
  kubeObject(scope, 'DynamicConfigurationServiceAccount', k8s.KubeServiceAccount.GVK, metadata(account), {});
  const upgrades = c.majorVersionUpgrade === MajorVersionUpgradeMode.MANUAL;
  const members = Array.from({ length: c.instances }, (_, i) => `${names.statefulSet(c.name)}-${i}`);
  kubeObject(scope, 'DynamicConfigurationRole', k8s.KubeRole.GVK, metadata(account), {
    rules: [
      { apiGroups: ['apps'], resources: ['statefulsets'], resourceNames: [names.statefulSet(c.name)], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      // The in-place upgrade: Spilo's script on the primary (exec is a GET upgraded to a WebSocket; newer API servers
      // also ask for create), and the critical-operation label around it. Only the members, by name.
      ...(upgrades ? [
        { apiGroups: [''], resources: ['pods/exec'], resourceNames: members, verbs: ['create', 'get'] },
        { apiGroups: [''], resources: ['pods'], resourceNames: members, verbs: ['patch'] },
      ] : []),
    ],
  });
  kubeObject(scope, 'DynamicConfigurationRoleBinding', k8s.KubeRoleBinding.GVK, metadata(account), {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: account },
    subjects: [{ kind: 'ServiceAccount', name: account, ...(c.namespace ? { namespace: c.namespace } : {}) }],
  });
  const input = reviewableJson(c.pod.dynamicConfiguration);
  const scripts = sharedScripts(scope, c.namespace);
  const spec = (configMap: string) => ({
    backoffLimit: 4,
    podFailurePolicy: {
      rules: [
        // Exit code 3: a state no retry changes (a major version git cannot have, a failed upgrade).
        { action: 'FailJob', onExitCodes: { containerName: CONTAINER, operator: 'In', values: [3] } },
        // An evicted or preempted pod (a drain, a node going away) does not use up a retry.
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      ],
    },
    // Restarts wait for each member to start and catch up; large databases take long.
    activeDeadlineSeconds: 6 * 3600,
    template: {
      metadata: { labels: jobPodLabels(c.labels, c.selector, c.keys.clusterNameLabel, 'spilo-dcs') },
      spec: {
        restartPolicy: 'Never',
        serviceAccountName: account,
        securityContext: SPILO_JOB_POD_SECURITY,
        containers: [{
          name: CONTAINER,
          image: c.image,
          imagePullPolicy: 'IfNotPresent',
          // -I: isolated mode, nothing from the environment or the script's directory on the module path.
          command: ['python3', '-I', `${SHARED_SCRIPTS_DIR}/${DYNAMIC_CONFIGURATION_SCRIPT_FILE}`],
          env: [
            { name: 'CLUSTER', value: c.name },
            { name: 'SELECTOR', value: Object.entries(c.selector).map(([k, v]) => `${k}=${v}`).join(',') },
            // Members on an old template are about to be replaced (by the rollout Job or the StatefulSet controller):
            // wait for them. With OnDelete and no rollout Job they stay until someone deletes them.
            { name: 'WAIT_FOR_REVISION', value: String(c.switchoverRollout || c.updateStrategyType !== 'OnDelete') },
            { name: 'DESIRED_CONFIGURATION', value: `${SPEC_DIR}/${SPEC_FILE}` },
            { name: 'PGVERSION', value: c.version.major },
            { name: 'MAJOR_VERSION_UPGRADE', value: c.majorVersionUpgrade },
            { name: 'PGUSER', value: c.superuser },
            { name: 'PGSSLMODE', value: c.jobSslMode },
            { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: names.credentialsSecret(c.superuser, c.name), key: 'password' } } },
            ...(c.patroniApiSecret ? patroniApiCredentialsEnv(c.patroniApiSecret) : []),
          ],
          resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
          securityContext: SPILO_JOB_CONTAINER_SECURITY,
          volumeMounts: [
            { name: 'input', mountPath: SPEC_DIR, readOnly: true },
            { name: 'scripts', mountPath: SHARED_SCRIPTS_DIR, readOnly: true },
          ],
        }],
        volumes: [{ name: 'input', configMap: { name: configMap } }, scripts.volume('scripts')],
      },
    },
  });
  const digest = createHash('sha256').update(JSON.stringify({ input, spec: spec('') })).digest('hex');
  const name = `${names.dynamicConfiguration(c.name)}-${digest.slice(0, 6)}`;
  kubeObject(scope, 'DynamicConfigurationInput', k8s.KubeConfigMap.GVK, metadata(name, DYNAMIC_CONFIGURATION_WAVE), { data: { [SPEC_FILE]: input } });
  kubeObject(scope, 'DynamicConfigurationJob', k8s.KubeJob.GVK, metadata(name, DYNAMIC_CONFIGURATION_WAVE), { spec: spec(name) });
}
