import { createHash } from 'crypto';
import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { GeneratedSecretSpec } from '../model/users';
import { SPILO_JOB_CONTAINER_SECURITY, SPILO_JOB_POD_SECURITY } from '../private/job-security';
import { kubeObject } from '../private/kube-object';
import { jsonLines } from '../private/reviewable-json';
import { SHARED_SCRIPTS_DIR, SharedScripts, sharedScripts } from '../private/shared-scripts';
import { CREDENTIALS_SCRIPT_FILE } from '../users/credentials-script';

export interface CredentialsJobProps {
  readonly cluster: string;
  /** Namespace of the cluster (the Job runs here); undefined: wherever the app is applied. */
  readonly namespace?: string;
  readonly image: string;
  readonly labels: Record<string, string>;
  /** Labels of the Job's pods: never the cluster's selector (see jobPodLabels). */
  readonly podLabels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly secrets: GeneratedSecretSpec[];
}

/** Argo CD applies lower waves first and waits for them: Secrets exist before the database pods. */
export const CREDENTIALS_SYNC_WAVE = '-1';

/**
 * A Job (with its own ServiceAccount, and a Role and RoleBinding in every namespace it writes to)
 * that creates each missing credentials Secret with a random password and changes an existing one
 * only to rotate its password (a new `passwordRotation` label). Its name carries a hash of its input,
 * so it runs again only when that changes.
 */
export class CredentialsJob {
  /** The Job. */
  public readonly job: ApiObject;

  constructor(scope: Construct, id: string, props: CredentialsJobProps) {
    const name = `${props.cluster}-credentials`;
    const annotations = { ...props.annotations, 'argocd.argoproj.io/sync-wave': CREDENTIALS_SYNC_WAVE };
    const meta = (namespace: string | undefined): ApiObjectMetadata => ({ name, namespace, labels: props.labels, annotations });
    kubeObject(scope, `${id}ServiceAccount`, k8s.KubeServiceAccount.GVK, meta(props.namespace), { automountServiceAccountToken: true });

    // Key '' stands for the cluster's own namespace.
    const byNamespace = new Map<string, Set<string>>();
    const rotatedByNamespace = new Map<string, Set<string>>();
    for (const s of props.secrets) {
      for (const ns of [s.namespace, ...(s.copies ?? [])]) {
        const key = ns === undefined || ns === props.namespace ? '' : ns;
        byNamespace.set(key, (byNamespace.get(key) ?? new Set()).add(s.name));
        if (s.rotation !== undefined) rotatedByNamespace.set(key, (rotatedByNamespace.get(key) ?? new Set()).add(s.name));
      }
    }
    for (const [key, secretNames] of [...byNamespace.entries()].sort()) {
      const namespace = key === '' ? props.namespace : key;
      const suffix = key === '' ? '' : `-${key}`;
      kubeObject(scope, `${id}Role${suffix}`, k8s.KubeRole.GVK, meta(namespace), {
        rules: [
          // create cannot be narrowed by name; get is limited to the Secrets this Job manages.
          { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
          { apiGroups: [''], resources: ['secrets'], resourceNames: [...secretNames].sort(), verbs: ['get'] },
          // patch only for the Secrets whose password it rotates (passwordRotation).
          ...(rotatedByNamespace.has(key)
            ? [{ apiGroups: [''], resources: ['secrets'], resourceNames: [...rotatedByNamespace.get(key)!].sort(), verbs: ['patch'] }] : []),
        ],
      });
      kubeObject(scope, `${id}RoleBinding${suffix}`, k8s.KubeRoleBinding.GVK, meta(namespace), {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name, namespace: props.namespace }],
      });
    }

    const specs = props.secrets.map(s => ({
      namespace: s.namespace ?? null,
      name: s.name,
      username: s.username,
      labels: props.labels,
      ...(s.copies?.length ? { copies: s.copies.map(c => c ?? null) } : {}),
      ...(s.rotation !== undefined ? { rotation: s.rotation } : {}),
    }));
    // A Job's pod template is immutable: the name covers all of the spec (labels, image, the Secrets, and the
    // script through the shared ConfigMap's content-hashed name), so any change is a new Job that runs once, and
    // re-applying an unchanged one is a no-op. The hash sees the quantities as { value } objects, as the typed
    // k8s.Quantity stringifies.
    const secrets = jsonLines(specs);
    const shared = sharedScripts(scope, props.namespace);
    const hash = createHash('sha256').update(JSON.stringify(jobSpec(name, props, secrets, shared, value => ({ value })))).digest('hex').slice(0, 5);
    this.job = kubeObject(scope, id, k8s.KubeJob.GVK, { ...meta(props.namespace), name: `${props.cluster}-creds-${hash}` },
      { spec: jobSpec(name, props, secrets, shared, value => value) });
  }
}

/** The Job's spec; `secrets` is the CREDENTIALS_SECRETS JSON; the program comes from the shared ConfigMap. */
function jobSpec(name: string, props: CredentialsJobProps, secrets: string, shared: SharedScripts, quantity: (value: string) => unknown) {
  return {
    // No ttlSecondsAfterFinished: git owns the Job, and a deleted Job would be re-created by the GitOps tool.
    backoffLimit: 6,
    template: {
      metadata: { labels: props.podLabels },
      spec: {
        serviceAccountName: name,
        restartPolicy: 'Never',
        securityContext: SPILO_JOB_POD_SECURITY,
        containers: [{
          name: 'credentials',
          image: props.image,
          imagePullPolicy: 'IfNotPresent',
          // -I: neither the script's directory (other shared files) nor PYTHON* variables reach the module path.
          command: ['python3', '-I', `${SHARED_SCRIPTS_DIR}/${CREDENTIALS_SCRIPT_FILE}`],
          env: [
            { name: 'CREDENTIALS_SECRETS', value: secrets },
            { name: 'SERVICE_ACCOUNT', value: name },
            { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
          ],
          resources: {
            requests: { cpu: quantity('10m'), memory: quantity('32Mi') },
            limits: { memory: quantity('128Mi') },
          },
          volumeMounts: [{ name: 'scripts', mountPath: SHARED_SCRIPTS_DIR, readOnly: true }],
          securityContext: SPILO_JOB_CONTAINER_SECURITY,
        }],
        volumes: [shared.volume('scripts')],
      },
    },
  };
}
