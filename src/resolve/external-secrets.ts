import { Duration } from 'cdk8s';
import { ExternalSecretSpec, ResolvedExternalSecret } from '../model/users';
import { wholeSeconds } from '../private/quantity';
import { fail } from '../private/validation';
import { CredentialsSource, SecretStoreKind } from '../users/credentials';

/**
 * Each External Secrets credential with its store options checked and its remote key filled in; two users
 * reading one remote key would share a password, so that is refused (cross-namespace copies are one user).
 */
export function resolveExternalSecrets(cluster: string, specs: ExternalSecretSpec[]): ResolvedExternalSecret[] {
  const readers = new Map<string, string>();
  return specs.map(s => {
    const base = { namespace: s.namespace, name: s.name, username: s.username };
    if (s.credentials.source === CredentialsSource.EXTERNAL_SECRETS_GENERATOR) return base;
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
      .replace(/\{cluster\}/g, cluster).replace(/\{namespace\}/g, s.keyNamespace).replace(/\{username\}/g, s.username);
    const other = readers.get(`${o.storeName}/${key}`);
    if (other !== undefined && other !== s.username) {
      fail(`${s.prop}.keyTemplate`, keyTemplate, `a key that differs per user (with {username}): ${other} and ${s.username} would both read ${key}`);
    }
    readers.set(`${o.storeName}/${key}`, s.username);
    return {
      ...base,
      store: {
        name: o.storeName,
        kind: o.storeKind ?? SecretStoreKind.SECRET_STORE,
        key,
        property: o.passwordProperty ?? 'password',
        refreshSeconds: wholeSeconds(o.refreshInterval ?? Duration.hours(1), `${s.prop}.refreshInterval`),
      },
    };
  });
}
