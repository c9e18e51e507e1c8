import { k8s } from 'cdk8s-plus-28';
import { ResolvedStorage } from './resolve-storage';

/** What one feature adds to a pod: env in order, volumes, mounts, ServiceAccount annotations, Secrets it reads. */
export interface PodParts {
  readonly env: k8s.EnvVar[];
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
  /** Annotation key → value, with the prop that asked for it (for conflict messages). */
  readonly serviceAccountAnnotations: Array<{ key: string; value: string; prop: string }>;
  /** Secret names the pod references (declared external: the user owns them). */
  readonly secrets: string[];
}

export function emptyParts(): PodParts {
  return { env: [], volumes: [], mounts: [], serviceAccountAnnotations: [], secrets: [] };
}

export function mergeParts(...parts: PodParts[]): PodParts {
  return {
    env: parts.flatMap(p => p.env),
    volumes: parts.flatMap(p => p.volumes),
    mounts: parts.flatMap(p => p.mounts),
    serviceAccountAnnotations: parts.flatMap(p => p.serviceAccountAnnotations),
    secrets: parts.flatMap(p => p.secrets),
  };
}

/**
 * A literal env var. An empty value is rendered without `value`: the container sees the variable
 * set to "" either way, and the API server would drop `value: ""` (a GitOps diff that never settles).
 */
export function literal(name: string, value: string): k8s.EnvVar {
  return value === '' ? { name } : { name, value };
}

export function fromSecret(name: string, secretName: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

export const IRSA_TOKEN_FILE = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';

/** Where a feature's credential files are mounted: `/var/secrets/<purpose>`. */
export function secretsDir(purpose: string): string {
  return `/var/secrets/${purpose}`;
}

/**
 * Env, volumes and annotations that let Spilo's tools reach `s` with its credentials. `prefix` is
 * '' for the cluster's own archive, `CLONE_` or `STANDBY_` for a source (Spilo reads the same
 * variables with that prefix into a separate envdir). `purpose` names the credential volume.
 */
export function storageAccess(prefix: string, s: ResolvedStorage, purpose: string): PodParts {
  const parts = emptyParts();
  const c = s.credentials;
  if (s.provider === 's3') {
    parts.env.push(literal(`${prefix}AWS_REGION`, s.region!));
    if (s.endpoint) {
      parts.env.push(literal(`${prefix}AWS_ENDPOINT`, s.endpoint));
      // Spilo derives WALE_S3_ENDPOINT as <proto>+path://; the convention there decides AWS_S3_FORCE_PATH_STYLE.
      if (s.forcePathStyle === false) parts.env.push(literal(`${prefix}WALE_S3_ENDPOINT`, s.endpoint.replace('://', '+virtualhost://')));
    }
    if (s.encryption?._mode === 'none') {
      parts.env.push(literal(`${prefix}WALG_DISABLE_S3_SSE`, 'true'));
    } else if (s.encryption) {
      parts.env.push(literal(`${prefix}WALG_S3_SSE`, s.encryption._mode));
      if (s.encryption._kmsKeyId) parts.env.push(literal(`${prefix}WALG_S3_SSE_KMS_ID`, s.encryption._kmsKeyId));
    }
  }
  switch (c.kind) {
    case 'irsa':
      parts.serviceAccountAnnotations.push({ key: 'eks.amazonaws.com/role-arn', value: c.roleArn!, prop: `${s.prop}.credentials` });
      // EKS injects AWS_ROLE_ARN and the token file for the unprefixed names only.
      if (prefix) {
        parts.env.push(literal(`${prefix}AWS_ROLE_ARN`, c.roleArn!), literal(`${prefix}AWS_WEB_IDENTITY_TOKEN_FILE`, IRSA_TOKEN_FILE));
      }
      break;
    case 'aws-keys':
      parts.env.push(
        fromSecret(`${prefix}AWS_ACCESS_KEY_ID`, c.secretName!, c.keys!.accessKeyId),
        fromSecret(`${prefix}AWS_SECRET_ACCESS_KEY`, c.secretName!, c.keys!.secretAccessKey));
      parts.secrets.push(c.secretName!);
      break;
    case 'gke':
      parts.serviceAccountAnnotations.push({ key: 'iam.gke.io/gcp-service-account', value: c.gcpServiceAccount!, prop: `${s.prop}.credentials` });
      break;
    case 'gcp-key': {
      const volume = `${purpose}-gcp-key`;
      parts.volumes.push({ name: volume, secret: { secretName: c.secretName!, items: [{ key: c.keys!.key, path: c.keys!.key }] } });
      parts.mounts.push({ name: volume, mountPath: secretsDir(purpose), readOnly: true });
      parts.env.push(literal(`${prefix}GOOGLE_APPLICATION_CREDENTIALS`, `${secretsDir(purpose)}/${c.keys!.key}`));
      parts.secrets.push(c.secretName!);
      break;
    }
    case 'azure-key':
      parts.env.push(fromSecret(`${prefix}AZURE_STORAGE_ACCESS_KEY`, c.secretName!, c.keys!.key));
      parts.secrets.push(c.secretName!);
      break;
    case 'azure-sas':
      parts.env.push(fromSecret(`${prefix}AZURE_STORAGE_SAS_TOKEN`, c.secretName!, c.keys!.key));
      parts.secrets.push(c.secretName!);
      break;
    case 'azure-sp':
      parts.env.push(
        literal(`${prefix}AZURE_CLIENT_ID`, c.clientId!),
        literal(`${prefix}AZURE_TENANT_ID`, c.tenantId!),
        fromSecret(`${prefix}AZURE_CLIENT_SECRET`, c.secretName!, c.keys!.key));
      parts.secrets.push(c.secretName!);
      break;
    case 'node':
      break;
  }
  return parts;
}
