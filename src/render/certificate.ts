import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedCluster } from '../model/resolved-cluster';

/**
 * The cert-manager `Certificate` `<c>` (cert-manager.io/v1), when `tls.certManager` is set: cert-manager writes the
 * Secret the members and poolers mount, and renews it in place (the pods see the new files; Spilo reloads, PgBouncer
 * needs a restart).
 */
export function renderCertificate(scope: Construct, c: ResolvedCluster): ApiObject | undefined {
  if (!c.tls?.certificate) return undefined;
  const annotations = Object.keys(c.annotations).length ? { annotations: c.annotations } : {};
  return new ApiObject(scope, 'Certificate', {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: c.name, namespace: c.namespace, labels: c.labels, ...annotations },
    spec: c.tls.certificate,
  });
}
