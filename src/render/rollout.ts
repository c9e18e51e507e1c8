import { createHash } from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SPILO_JOB_CONTAINER_SECURITY, SPILO_JOB_POD_SECURITY } from '../private/job-security';
import { kubeObject } from '../private/kube-object';
import { renderedObject } from '../private/render-memo';
import { ROLLOUT_SCRIPT_FILE } from '../private/rollout-script';
import { SHARED_SCRIPTS_DIR, sharedScripts } from '../private/shared-scripts';
import { patroniApiCredentialsEnv } from '../spilo/patroni-api';

export interface RolloutJobProps {
  readonly cluster: string;
  readonly namespace?: string;
  readonly instances: number;
  readonly image: string;
  readonly labels: Record<string, string>;
  readonly podLabels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly podRoleLabel: string;
  readonly annotations: Record<string, string>;
  /** The Patroni REST API credentials Secret, when the API asks for them (the switchover needs them). */
  readonly patroniApiSecret?: string;
  /** The StatefulSet whose rendered pod template names the Job. */
  readonly statefulSet: ApiObject;
}

/** After the StatefulSet (wave 0), with the sync Job. */
const ROLLOUT_WAVE = '1';

/**
 * Rolls the members when the pod template changes (the StatefulSet uses OnDelete): a Job named after a hash of the
 * rendered template, so every template change runs it once and an unchanged app never does, with its own
 * ServiceAccount allowed to read the StatefulSet, list pods and evict the members by name.
 */
export function rolloutJob(scope: Construct, props: RolloutJobProps): void {
  const account = `${props.cluster}-rollout`;
  const metadata = (name: string) => ({
    name,
    namespace: props.namespace,
    labels: props.labels,
    ...(Object.keys(props.annotations).length ? { annotations: props.annotations } : {}),
  });
  kubeObject(scope, 'RolloutServiceAccount', k8s.KubeServiceAccount.GVK, metadata(account), {});
  kubeObject(scope, 'RolloutRole', k8s.KubeRole.GVK, metadata(account), {
    rules: [
      { apiGroups: ['apps'], resources: ['statefulsets'], resourceNames: [props.cluster], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      {
        apiGroups: [''],
        resources: ['pods/eviction'],
        verbs: ['create'],
        resourceNames: Array.from({ length: props.instances }, (_, i) => `${props.cluster}-${i}`),
      },
    ],
  });
  kubeObject(scope, 'RolloutRoleBinding', k8s.KubeRoleBinding.GVK, metadata(account), {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: account },
    subjects: [{ kind: 'ServiceAccount', name: account, ...(props.namespace ? { namespace: props.namespace } : {}) }],
  });
  const selector = Object.entries(props.selector).map(([k, v]) => `${k}=${v}`).join(',');
  // The program comes from the namespace's shared scripts: its name is in the spec, so a new program renames the Job.
  const scripts = sharedScripts(scope, props.namespace);
  const spec = {
    backoffLimit: 10,
    // A rollout waits for every member to be ready between steps; large databases take long to start.
    activeDeadlineSeconds: 6 * 3600,
    template: {
      metadata: { labels: props.podLabels },
      spec: {
        restartPolicy: 'Never',
        serviceAccountName: account,
        securityContext: SPILO_JOB_POD_SECURITY,
        containers: [{
          name: 'rollout',
          image: props.image,
          imagePullPolicy: 'IfNotPresent',
          // -I: isolated mode, nothing from the environment or the script's directory on the module path.
          command: ['python3', '-I', `${SHARED_SCRIPTS_DIR}/${ROLLOUT_SCRIPT_FILE}`],
          env: [
            { name: 'CLUSTER', value: props.cluster },
            { name: 'SELECTOR', value: selector },
            { name: 'ROLE_LABEL', value: props.podRoleLabel },
            ...(props.patroniApiSecret ? patroniApiCredentialsEnv(props.patroniApiSecret) : []),
          ],
          resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
          securityContext: SPILO_JOB_CONTAINER_SECURITY,
          volumeMounts: [{ name: 'scripts', mountPath: SHARED_SCRIPTS_DIR, readOnly: true }],
        }],
        volumes: [scripts.volume('scripts')],
      },
    },
  };
  // The template is rendered lazily (sidecars may be added after construction), so is the name.
  const name = Lazy.any({
    produce: () => {
      const template = renderedObject(props.statefulSet).spec.template;
      const digest = createHash('sha256').update(JSON.stringify({ template, spec })).digest('hex');
      return `${props.cluster}-roll-${digest.slice(0, 6)}`;
    },
  }) as unknown as string;
  kubeObject(scope, 'RolloutJob', k8s.KubeJob.GVK, {
    ...metadata(name),
    annotations: { ...props.annotations, 'argocd.argoproj.io/sync-wave': ROLLOUT_WAVE },
  }, { spec });
}
