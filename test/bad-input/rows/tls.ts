// Bad tls input: the Secrets and files of the operator's `tls`, and the cert-manager Certificate.
import { Duration } from 'cdk8s';
import { PostgresClusterProps } from '../../../src';
import { BadInputRow, PropPath, row } from '../row';

type Row = [string, PropPath[], Partial<PostgresClusterProps>, RegExp, (string | null)?];

const issuer = { name: 'db-issuer' };
const ROWS: Row[] = [
  ['tls that is a string', ['PostgresClusterProps.tls'], { tls: 'db-tls' as any }, /tls: 'db-tls' is not valid; expected an object/],
  ['tls without secretName', ['PostgresTls.secretName'], { tls: {} as any }, /tls\.secretName: undefined is not valid; expected the name of the Secret with the certificate and key/],
  ['a secretName with upper case', ['PostgresTls.secretName'], { tls: { secretName: 'DB-TLS' } }, /tls\.secretName: 'DB-TLS' is not valid; expected a DNS-1123 label/],
  ['a secretName with a dot (the pod volume is named after it)', ['PostgresTls.secretName'], { tls: { secretName: 'db.tls' } }, /tls\.secretName: 'db\.tls' is not valid; expected a DNS-1123 label/],
  ['a secretName that is the pgdata volume', ['PostgresTls.secretName'], { tls: { secretName: 'pgdata' } }, /tls\.secretName: 'pgdata' is not valid; expected a Secret name other than the pod's own volumes/],
  ['a caSecretName that is the hooks volume', ['PostgresTls.caSecretName'], { tls: { secretName: 'db-tls', caSecretName: 'postgres-hooks', caFile: 'ca.crt' } }, /tls\.caSecretName: 'postgres-hooks' is not valid; expected a Secret name other than the pod's own volumes/],
  ['a certificateFile going up', ['PostgresTls.certificateFile'], { tls: { secretName: 'db-tls', certificateFile: '../etc/passwd' } }, /tls\.certificateFile: '\.\.\/etc\/passwd' is not valid; expected a file name in the Secret/],
  ['an empty privateKeyFile', ['PostgresTls.privateKeyFile'], { tls: { secretName: 'db-tls', privateKeyFile: '' } }, /tls\.privateKeyFile: '' is not valid; expected a file name in the Secret/],
  ['a caFile with a newline', ['PostgresTls.caFile'], { tls: { secretName: 'db-tls', caFile: 'ca\n.crt' } }, /tls\.caFile: [\s\S]* is not valid; expected a file name in the Secret/],
  ['caSecretName without caFile', ['PostgresTls.caSecretName', 'PostgresTls.caFile'], { tls: { secretName: 'db-tls', caSecretName: 'db-ca' } }, /tls\.caSecretName, tls\.caFile: the CA Secret is mounted only for caFile/],
  ['caSecretName equal to secretName', ['PostgresTls.caSecretName'], { tls: { secretName: 'db-tls', caSecretName: 'db-tls', caFile: 'ca.crt' } }, /tls\.caSecretName: 'db-tls' is not valid; expected a Secret other than tls\.secretName/],
  ['an additional volume at /tls', ['PostgresClusterProps.additionalVolumes'], { tls: { secretName: 'db-tls' }, additionalVolumes: [{ volume: { name: 'certs', emptyDir: {} }, mountPath: '/tls' }] }, /additionalVolumes\[0\]: 'certs' is not valid; expected a volume neither named after a tls Secret nor mounted at \/tls/],
  ['certManager that is a string', ['PostgresTls.certManager'], { tls: { secretName: 'db-tls', certManager: 'letsencrypt' as any } }, /tls\.certManager: 'letsencrypt' is not valid; expected an object with issuer/],
  ['certManager without issuer', ['CertManagerCertificateOptions.issuer', 'CertManagerIssuer.name'], { tls: { secretName: 'db-tls', certManager: {} as any } }, /tls\.certManager\.issuer\.name: undefined is not valid; expected the name of a cert-manager Issuer or ClusterIssuer/],
  ['an issuer name with a space', ['CertManagerIssuer.name'], { tls: { secretName: 'db-tls', certManager: { issuer: { name: 'my issuer' } } } }, /tls\.certManager\.issuer\.name: 'my issuer' is not valid; expected a DNS-1123 subdomain/],
  ['an issuer kind in lower case', ['CertManagerIssuer.kind'], { tls: { secretName: 'db-tls', certManager: { issuer: { name: 'corp', kind: 'clusterissuer' } } } }, /tls\.certManager\.issuer\.kind: 'clusterissuer' is not valid; expected a Kubernetes kind such as Issuer or ClusterIssuer/],
  ['an issuer group with a slash', ['CertManagerIssuer.group'], { tls: { secretName: 'db-tls', certManager: { issuer: { name: 'corp', group: 'cert-manager.io/v1' } } } }, /tls\.certManager\.issuer\.group: 'cert-manager\.io\/v1' is not valid; expected a DNS-1123 subdomain/],
  ['a duration of 30 minutes', ['CertManagerCertificateOptions.duration'], { tls: { secretName: 'db-tls', certManager: { issuer, duration: Duration.minutes(30) } } }, /tls\.certManager\.duration: '1800s' is not valid; expected at least 1h/],
  ['renewBefore not below duration', ['CertManagerCertificateOptions.renewBefore'], { tls: { secretName: 'db-tls', certManager: { issuer, duration: Duration.days(10), renewBefore: Duration.days(10) } } }, /tls\.certManager\.renewBefore: '864000s' is not valid; expected less than the certificate's lifetime \(tls\.certManager\.duration, 864000s\)/],
  ['renewBefore of one minute', ['CertManagerCertificateOptions.renewBefore'], { tls: { secretName: 'db-tls', certManager: { issuer, renewBefore: Duration.minutes(1) } } }, /tls\.certManager\.renewBefore: '60s' is not valid; expected at least 5m/],
  ['renewBefore beyond cert-manager\'s default lifetime', ['CertManagerCertificateOptions.renewBefore'], { tls: { secretName: 'db-tls', certManager: { issuer, renewBefore: Duration.days(90) } } }, /tls\.certManager\.renewBefore: '7776000s' is not valid; expected less than the certificate's lifetime \(cert-manager's default, 7776000s\)/],
  ['an additional DNS name with upper case', ['CertManagerCertificateOptions.additionalDnsNames'], { tls: { secretName: 'db-tls', certManager: { issuer, additionalDnsNames: ['DB.example.com'] } } }, /tls\.certManager\.additionalDnsNames\[0\]: 'DB\.example\.com' is not valid; expected a lower-case DNS name/],
  ['certManager in a chart without namespace', ['PostgresTls.certManager'], { tls: { secretName: 'db-tls', certManager: { issuer } } }, /namespace, tls\.certManager: the certificate names the Services with their namespace/, null],
];

export const rows: BadInputRow[] = ROWS.map(([title, covers, props, error, namespace]) =>
  row(title, covers, () => ({ props, ...(namespace === null ? { namespace: null } : {}) }), error));
