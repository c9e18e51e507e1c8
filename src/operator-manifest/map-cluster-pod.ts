import { Code, Tree } from './code';
import { Findings } from './findings';
import { compact, opt, sidecarCode } from './map-operator-configuration';
import { cpuCode, kubeTree, ManifestError, sizeCode } from './values';

/** Unset in the operator's reading of a resource value. */
const isUnset = (v: unknown) => v === undefined || v === null || v === '' || v === '0' || v === 'null';

/** `resources` of the postgres container (`PostgresResources`). */
export function resourcesTree(field: string, r: any): Tree {
  if (r === undefined || r === null) return undefined;
  const q = (section: string, key: string) => (isUnset(r?.[section]?.[key]) ? undefined : r[section][key]);
  const huge = (key: string) => {
    const v = q('limits', key) ?? q('requests', key);
    if (v !== undefined && q('limits', key) !== undefined && q('requests', key) !== undefined && String(q('limits', key)) !== String(q('requests', key))) {
      throw new ManifestError(`${field}: ${key} request and limit differ; Kubernetes requires them equal`);
    }
    return opt(v, x => sizeCode(`${field}.limits.${key}`, x));
  };
  return compact({
    cpuRequest: opt(q('requests', 'cpu'), v => cpuCode(`${field}.requests.cpu`, v)),
    cpuLimit: opt(q('limits', 'cpu'), v => cpuCode(`${field}.limits.cpu`, v)),
    memoryRequest: opt(q('requests', 'memory'), v => sizeCode(`${field}.requests.memory`, v)),
    memoryLimit: opt(q('limits', 'memory'), v => sizeCode(`${field}.limits.memory`, v)),
    hugepages2Mi: huge('hugepages-2Mi'),
    hugepages1Gi: huge('hugepages-1Gi'),
  });
}

/** `additionalVolumes` (`AdditionalVolume[]`). */
export function additionalVolumesTree(volumes: any[] | undefined): Tree {
  if (!volumes?.length) return undefined;
  return volumes.map((v, i) => {
    if (!v?.name || !v?.mountPath || !v?.volumeSource) throw new ManifestError(`spec.additionalVolumes[${i}]: name, mountPath and volumeSource are required`);
    return compact({
      volume: kubeTree({ name: v.name, ...v.volumeSource }),
      mountPath: v.mountPath,
      subPath: v.subPath,
      subPathIsExpression: v.isSubPathExpr,
      targetContainers: v.targetContainers?.length ? [...v.targetContainers] : undefined,
    });
  });
}

/** Manifest `sidecars`: the operator names an unnamed one `sidecar-<i>` and gives it the superuser; here it asks. */
export function sidecarsTree(source: string, sidecars: any[] | undefined, findings: Findings): Tree {
  if (!sidecars?.length) return undefined;
  return sidecars.map((c, i): Code => {
    const container = { ...c, name: c?.name ?? `sidecar-${i}` };
    findings.warn(source, `spec.sidecars[${i}]`, `'${container.name}' no longer gets the superuser's credentials nor a writable pgdata; `
      + 'convert to code and set superuserAccess or pgdataWritable if it needs them');
    return sidecarCode(container, source, findings, `spec.sidecars[${i}]`);
  });
}

/** The operator's own env vars: a manifest entry of the same name never reached the pod (earlier wins there). */
const OPERATOR_ENV = new Set([
  'SCOPE', 'PGROOT', 'POD_IP', 'POD_NAMESPACE', 'PGUSER_SUPERUSER', 'KUBERNETES_SCOPE_LABEL', 'KUBERNETES_ROLE_LABEL',
  'PGPASSWORD_SUPERUSER', 'PGUSER_STANDBY', 'PGPASSWORD_STANDBY', 'PAM_OAUTH2', 'HUMAN_ROLE', 'ENABLE_WAL_PATH_COMPAT', 'PGVERSION',
  'KUBERNETES_LABELS', 'SPILO_CONFIGURATION', 'DCS_ENABLE_KUBERNETES_API', 'KUBERNETES_BOOTSTRAP_LABELS', 'ETCD_HOST',
  'KUBERNETES_USE_CONFIGMAPS',
]);

/** `env`, without the entries the operator itself ignored (a name of its own core block). */
export function envTree(source: string, env: unknown, findings: Findings): Tree {
  if (!Array.isArray(env)) return undefined;
  const kept = env.filter((e, i) => {
    const ignored = OPERATOR_ENV.has(String(e?.name ?? '').toUpperCase());
    if (ignored) findings.warn(source, `spec.env[${i}]`, `'${e.name}' left out: the operator's own value always won over it`);
    return !ignored;
  });
  return kubeList(kept);
}

/** A list of core objects (env, tolerations, containers...) as cdk8s `k8s` values. */
export function kubeList(value: unknown): Tree {
  return Array.isArray(value) && value.length ? value.map(v => kubeTree(v)) : undefined;
}

/** A core object (nodeAffinity, a probe, a selector) as a cdk8s `k8s` value. */
export function kubeObject(value: unknown): Tree {
  return value && typeof value === 'object' ? kubeTree(value) : undefined;
}
