import { k8s } from 'cdk8s-plus-28';

/**
 * Patroni REST API authentication (`restapi.authentication`): with it, Patroni answers its unsafe endpoints
 * (`POST /switchover`, `/restart`, `/reinitialize`, `PATCH /config`, ...) only to requests with these basic-auth
 * credentials; `GET`s (probes, `/cluster`, `/config`) stay open.
 *
 * Spilo hands Patroni none of the container's env (its runit script clears it), so the credentials must be part of
 * `SPILO_CONFIGURATION`. Its document lives in a ConfigMap (a bootstrap.dcs change must not roll the members), and a
 * password must never be written into YAML, so kubelet composes it at container start by `$(VAR)` expansion: the
 * ConfigMap's document becomes a YAML merge key (`<<`) next to `restapi.authentication`, whose values come from the
 * credentials Secret. The document therefore never holds `restapi` itself (Spilo's generated `restapi` keeps
 * `listen` and `connect_address`: it merges key by key).
 */

/** The basic-auth user name. */
export const PATRONI_API_USERNAME = 'patroni';
/** Env carrying the credentials (Patroni's own names; Spilo does not pass them to Patroni, SPILO_CONFIGURATION does). */
export const PATRONI_API_USERNAME_ENV = 'PATRONI_RESTAPI_USERNAME';
export const PATRONI_API_PASSWORD_ENV = 'PATRONI_RESTAPI_PASSWORD';
/** Env holding the ConfigMap's document, which SPILO_CONFIGURATION merges. */
export const SPILO_CONFIGURATION_DOCUMENT_ENV = 'CDK8S_PG_SPILO_CONFIGURATION';

/** Env reading the credentials from their Secret: the postgres container's and that of every Job calling Patroni. */
export function patroniApiCredentialsEnv(secretName: string): k8s.EnvVar[] {
  return [
    { name: PATRONI_API_USERNAME_ENV, valueFrom: { secretKeyRef: { name: secretName, key: 'username' } } },
    { name: PATRONI_API_PASSWORD_ENV, valueFrom: { secretKeyRef: { name: secretName, key: 'password' } } },
  ];
}

/**
 * The postgres container's `SPILO_CONFIGURATION` (and what it refers to) when the API requires credentials. The
 * generated passwords are letters and digits, so they sit safely in a double-quoted YAML scalar.
 */
export function authenticatedSpiloConfigurationEnv(secretName: string, configMap: string, key: string): k8s.EnvVar[] {
  const document = `$(${SPILO_CONFIGURATION_DOCUMENT_ENV})`;
  const authentication = `{username: "$(${PATRONI_API_USERNAME_ENV})", password: "$(${PATRONI_API_PASSWORD_ENV})"}`;
  return [
    ...patroniApiCredentialsEnv(secretName),
    { name: SPILO_CONFIGURATION_DOCUMENT_ENV, valueFrom: { configMapKeyRef: { name: configMap, key } } },
    { name: 'SPILO_CONFIGURATION', value: `{<<: ${document}, restapi: {authentication: ${authentication}}}` },
  ];
}

/**
 * Python for the programs that call Patroni (preStop hook, Jobs): the Authorization header of an unsafe request,
 * empty when the cluster's API takes none.
 */
export const PATRONI_AUTH_PYTHON = String.raw`
def patroni_auth():
    user, password = os.environ.get("${PATRONI_API_USERNAME_ENV}"), os.environ.get("${PATRONI_API_PASSWORD_ENV}")
    if not (user and password):
        return {}
    return {"Authorization": "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()}
`;
