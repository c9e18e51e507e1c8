import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { CREDENTIALS_SYNC_WAVE } from './credentials-job';
import { ResolvedExternalSecret } from '../model/users';

export const EXTERNAL_SECRET_API_VERSION = 'external-secrets.io/v1';
export const PASSWORD_GENERATOR_API_VERSION = 'generators.external-secrets.io/v1alpha1';

export interface ExternalSecretsInput {
  readonly cluster: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly secrets: ResolvedExternalSecret[];
}

/**
 * `ExternalSecret` objects (External Secrets Operator) that produce the credentials Secrets, and a
 * `Password` generator per namespace for the generator variant.
 */
export function renderExternalSecrets(scope: Construct, id: string, props: ExternalSecretsInput): void {
  const generatorName = `${props.cluster}-password`;
  const generatorNamespaces = new Set<string>();
  const meta = (name: string, namespace: string): ApiObjectMetadata => ({
    name, namespace, labels: props.labels, annotations: { ...props.annotations, 'argocd.argoproj.io/sync-wave': CREDENTIALS_SYNC_WAVE },
  });
  for (const s of props.secrets) {
    const template = {
      metadata: { labels: props.labels },
      data: { username: s.username, password: '{{ .password }}' },
    };
    let spec: Record<string, unknown>;
    if (!s.store) {
      generatorNamespaces.add(s.namespace);
      spec = {
        // Generated once: a refresh would replace the password the database already has.
        refreshInterval: '0',
        target: { name: s.name, creationPolicy: 'Owner', template },
        dataFrom: [{ sourceRef: { generatorRef: { apiVersion: PASSWORD_GENERATOR_API_VERSION, kind: 'Password', name: generatorName } } }],
      };
    } else {
      spec = {
        refreshInterval: `${s.store.refreshSeconds}s`,
        secretStoreRef: { name: s.store.name, kind: s.store.kind },
        target: { name: s.name, creationPolicy: 'Owner', template },
        // The CRD's defaults spelled out: `data` is an atomic list, so on Kubernetes 1.28 a server-side re-apply
        // without them differs from the stored (defaulted) list and writes the object again on every sync.
        data: [{
          secretKey: 'password',
          remoteRef: { key: s.store.key, property: s.store.property, conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None' },
        }],
      };
    }
    new ApiObject(scope, `${id}-${s.namespace}-${s.name}`, {
      apiVersion: EXTERNAL_SECRET_API_VERSION, kind: 'ExternalSecret', metadata: meta(s.name, s.namespace), spec,
    } as any);
  }
  for (const namespace of [...generatorNamespaces].sort()) {
    new ApiObject(scope, `${id}-generator-${namespace}`, {
      apiVersion: PASSWORD_GENERATOR_API_VERSION,
      kind: 'Password',
      metadata: meta(generatorName, namespace),
      // Alphanumerics only: Spilo's config templating HTML-escapes & < > " '.
      spec: { length: 64, digits: 10, symbols: 0, noUpper: false, allowRepeat: true },
    } as any);
  }
}
