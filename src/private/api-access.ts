import { k8s } from 'cdk8s-plus-28';

/** Where in-cluster clients (Patroni's Kubernetes DCS) look for the ServiceAccount token, CA and namespace. */
export const API_ACCESS_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const API_ACCESS_VOLUME = 'kube-api-access';
export const API_ACCESS_CA_CONFIGMAP = 'kube-root-ca.crt';

export const API_ACCESS_MOUNT: k8s.VolumeMount = { name: API_ACCESS_VOLUME, mountPath: API_ACCESS_PATH, readOnly: true };

/**
 * The volume the kubelet would project for automountServiceAccountToken, for one container only: a
 * bound token (3607 s, the kubelet's value, which the API server extends as it does for automounted
 * tokens), the cluster CA and the namespace.
 */
export function apiAccessVolume(): k8s.Volume {
  return {
    name: API_ACCESS_VOLUME,
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
        { configMap: { name: API_ACCESS_CA_CONFIGMAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardApi: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}
