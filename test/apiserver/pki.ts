// Key material for a throwaway local API server: a CA, a serving certificate for 127.0.0.1, and the
// service-account signing key pair. openssl is used because node:crypto can make keys but not X.509 certificates.
import { execFileSync } from 'child_process';
import { generateKeyPairSync, randomBytes } from 'crypto';
import { writeFileSync } from 'fs';
import { join } from 'path';

export interface Pki {
  readonly caCert: string;
  readonly servingCert: string;
  readonly servingKey: string;
  readonly saPublicKey: string;
  readonly saPrivateKey: string;
  /** Bearer token of the admin user (member of system:masters). */
  readonly adminToken: string;
  /** CSV for --token-auth-file. */
  readonly tokenFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function createPki(dir: string): Pki {
  const p = (f: string) => join(dir, f);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=cdk8s-postgres-test-ca',
    '-keyout', 'ca.key', '-out', 'ca.crt'], dir);
  // SANs: the loopback address we bind to, plus the in-cluster names the apiserver itself may use.
  writeFileSync(p('serving.ext'), [
    'basicConstraints=CA:FALSE',
    'keyUsage=digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.0.0.1',
    '',
  ].join('\n'));
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=kube-apiserver', '-keyout', 'serving.key',
    '-out', 'serving.csr'], dir);
  openssl(['x509', '-req', '-in', 'serving.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'serving.ext', '-out', 'serving.crt'], dir);

  const sa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(p('sa.key'), sa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(p('sa.pub'), sa.publicKey.export({ type: 'spki', format: 'pem' }));

  const adminToken = randomBytes(24).toString('hex');
  // token,user,uid,"group1,group2"
  writeFileSync(p('tokens.csv'), `${adminToken},cdk8s-postgres-admin,admin-uid,"system:masters"\n`, { mode: 0o600 });

  return {
    caCert: p('ca.crt'),
    servingCert: p('serving.crt'),
    servingKey: p('serving.key'),
    saPublicKey: p('sa.pub'),
    saPrivateKey: p('sa.key'),
    adminToken,
    tokenFile: p('tokens.csv'),
  };
}
