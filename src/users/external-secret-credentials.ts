import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Credentials, CredentialsSource, SecretStoreKind } from './credentials';
import { CREDENTIALS_SYNC_WAVE } from './credentials-job';
import { wholeSeconds } from '../private/quantity';
import { fail } from '../private/validation';

export const EXTERNAL_SECRET_API_VERSION = 'external-secrets.io/v1';
export const PASSWORD_GENERATOR_API_VERSION = 'generators.external-secrets.io/v1alpha1';

export interface ExternalSecretSpec {
  readonly namespace: string;
  /** What `{namespace}` of a key template stands for (the cluster's namespace, also for a cross-namespace copy). */
  readonly keyNamespace: string;
  readonly name: string;
  readonly username: string;
  readonly credentials: Credentials;
  /** The prop the credentials came from, for messages (`credentials` or `userCredentials['<role>']`). */
  readonly prop: string;
}

export interface ExternalSecretCredentialsProps {
  readonly cluster: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly secrets: ExternalSecretSpec[];
}

/**
 * `ExternalSecret` objects (External Secrets Operator) that produce the credentials Secrets, and a
 * `Password` generator per namespace for the generator variant.
 */
export class ExternalSecretCredentials {
  constructor(scope: Construct, id: string, props: ExternalSecretCredentialsProps) {
    const generatorName = `${props.cluster}-password`;
    const generatorNamespaces = new Set<string>();
    const meta = (name: string, namespace: string): ApiObjectMetadata => ({
      name, namespace, labels: props.labels, annotations: { ...props.annotations, 'argocd.argoproj.io/sync-wave': CREDENTIALS_SYNC_WAVE },
    });
    // Two users reading one remote key would share a password (cross-namespace copies are one user).
    const readers = new Map<string, string>();
    for (const s of props.secrets) {
      const template = {
        metadata: { labels: props.labels },
        data: { username: s.username, password: '{{ .password }}' },
      };
      let spec: Record<string, unknown>;
      if (s.credentials.source === CredentialsSource.EXTERNAL_SECRETS_GENERATOR) {
        generatorNamespaces.add(s.namespace);
        spec = {
          // Generated once: a refresh would replace the password the database already has.
          refreshInterval: '0',
          target: { name: s.name, creationPolicy: 'Owner', template },
          dataFrom: [{ sourceRef: { generatorRef: { apiVersion: PASSWORD_GENERATOR_API_VERSION, kind: 'Password', name: generatorName } } }],
        };
      } else {
        const o = s.credentials.storeOptions!;
        if (!o.storeName) fail(`${s.prop}.storeName`, o.storeName, 'the name of a SecretStore or ClusterSecretStore');
        if (o.storeKind !== undefined && !Object.values(SecretStoreKind).includes(o.storeKind)) {
          fail(`${s.prop}.storeKind`, o.storeKind, `one of ${Object.values(SecretStoreKind).join(', ')} (SecretStoreKind)`);
        }
        if (o.passwordProperty !== undefined && (typeof o.passwordProperty !== 'string' || o.passwordProperty.trim() === '')) {
          fail(`${s.prop}.passwordProperty`, o.passwordProperty, 'a non-empty property name of the remote entry');
        }
        const keyTemplate = o.keyTemplate ?? '{cluster}/{username}';
        const unknown = keyTemplate.match(/\{(?!(cluster|namespace|username)\})[^{}]*\}/);
        if (keyTemplate.trim() === '' || unknown) {
          fail(`${s.prop}.keyTemplate`, keyTemplate, 'a non-empty remote key whose only placeholders are {cluster}, {namespace} and {username}');
        }
        const key = keyTemplate
          .replace(/\{cluster\}/g, props.cluster).replace(/\{namespace\}/g, s.keyNamespace).replace(/\{username\}/g, s.username);
        const other = readers.get(`${o.storeName}/${key}`);
        if (other !== undefined && other !== s.username) {
          fail(`${s.prop}.keyTemplate`, keyTemplate, `a key that differs per user (with {username}): ${other} and ${s.username} would both read ${key}`);
        }
        readers.set(`${o.storeName}/${key}`, s.username);
        spec = {
          refreshInterval: `${wholeSeconds(o.refreshInterval ?? Duration.hours(1), `${s.prop}.refreshInterval`)}s`,
          secretStoreRef: { name: o.storeName, kind: o.storeKind ?? SecretStoreKind.SECRET_STORE },
          target: { name: s.name, creationPolicy: 'Owner', template },
          // The CRD's defaults spelled out: `data` is an atomic list, so on Kubernetes 1.28 a server-side re-apply
          // without them differs from the stored (defaulted) list and writes the object again on every sync.
          data: [{
            secretKey: 'password',
            remoteRef: { key, property: o.passwordProperty ?? 'password', conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None' },
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
}
