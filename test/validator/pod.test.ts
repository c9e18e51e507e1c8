import { batchAndApps, statefulSet } from './fixtures';
import { rulesOf } from './helpers';

const podOf = (sts: any) => sts.spec.template.spec;
const pg = (sts: any) => podOf(sts).containers[0];

describe('pod rules', () => {
  test('every volumeMount needs a pod volume; StatefulSet claim templates count', () => {
    const sts = statefulSet();
    pg(sts).volumeMounts.push({ name: 'wal', mountPath: '/wal' });
    podOf(sts).initContainers = [{ name: 'init', image: 'busybox', volumeMounts: [{ name: 'pgdata', mountPath: '/d' }, { name: 'scripts', mountPath: '/s' }] }];
    expect(rulesOf(sts)).toEqual([
      'pod/volume-mount spec.template.spec.initContainers[0].volumeMounts[1].name',
      'pod/volume-mount spec.template.spec.containers[0].volumeMounts[3].name',
    ]);
  });

  test('claim templates only back StatefulSet pods', () => {
    const dep = batchAndApps()[2];
    dep.spec.template.spec.containers[0].volumeMounts = [{ name: 'pgdata', mountPath: '/d' }];
    expect(rulesOf(dep)).toEqual(['pod/volume-mount spec.template.spec.containers[0].volumeMounts[0].name']);
  });

  test('mountPath is unique per container', () => {
    const sts = statefulSet();
    pg(sts).volumeMounts.push({ name: 'tls', mountPath: '/dev/shm' });
    expect(rulesOf(sts)).toEqual(['pod/duplicate-mount-path spec.template.spec.containers[0].volumeMounts[3].mountPath']);
  });

  test('container names: DNS-1123 labels, unique across init and app containers', () => {
    const sts = statefulSet();
    podOf(sts).initContainers = [{ name: 'postgres', image: 'busybox' }];
    podOf(sts).containers.push({ name: 'Exporter', image: 'exporter' });
    expect(rulesOf(sts).sort()).toEqual([
      'pod/container-name spec.template.spec.containers[1].name',
      'pod/duplicate-container spec.template.spec.containers[0].name',
    ]);
  });

  test('volume names: DNS-1123 labels and unique', () => {
    const sts = statefulSet();
    podOf(sts).volumes.push({ name: 'dshm', emptyDir: {} }, { name: 'my_vol', emptyDir: {} });
    expect(rulesOf(sts)).toEqual([
      'pod/duplicate-volume spec.template.spec.volumes[2].name',
      'pod/volume-name spec.template.spec.volumes[3].name',
    ]);
  });

  test('port names: IANA_SVC_NAME, unique across the pod containers', () => {
    const sts = statefulSet();
    pg(sts).ports[1].name = 'patroni-rest-api';
    podOf(sts).containers.push({ name: 'exporter', image: 'exporter', ports: [{ name: 'postgresql', containerPort: 9187 }, { name: '9188', containerPort: 9188 }] });
    expect(rulesOf(sts).sort()).toEqual([
      'pod/duplicate-port-name spec.template.spec.containers[1].ports[0].name',
      'pod/port-name spec.template.spec.containers[0].ports[1].name',
      'pod/port-name spec.template.spec.containers[1].ports[1].name',
      // the readiness probe used the port by its old name
      'pod/probe-port spec.template.spec.containers[0].readinessProbe.httpGet.port',
    ]);
  });

  test('env: duplicate names are flagged (server-side apply refuses them), bad names too', () => {
    const sts = statefulSet();
    pg(sts).env.push({ name: 'SCOPE', value: 'again' }, { name: '1BAD', value: 'x' });
    expect(rulesOf(sts)).toEqual([
      'pod/duplicate-env spec.template.spec.containers[0].env[5].name',
      'pod/env-name spec.template.spec.containers[0].env[6].name',
    ]);
  });

  test('probes must name one of the container\'s own ports', () => {
    const sts = statefulSet();
    pg(sts).livenessProbe = { tcpSocket: { port: 'pgbouncer' } };
    expect(rulesOf(sts)).toEqual(['pod/probe-port spec.template.spec.containers[0].livenessProbe.tcpSocket.port']);
  });

  test('requests may not exceed limits; nothing negative', () => {
    const sts = statefulSet();
    pg(sts).resources = { requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '1500m', memory: '2048Mi' } };
    podOf(sts).containers.push({ name: 'side', image: 'x', resources: { requests: { cpu: '-1' } } });
    expect(rulesOf(sts)).toEqual([
      'pod/requests-exceed-limits spec.template.spec.containers[0].resources.requests.cpu',
      'pod/negative-resource spec.template.spec.containers[1].resources.requests.cpu',
    ]);
  });

  test('restartPolicy per controller; image required; at least one container', () => {
    const sts = statefulSet();
    podOf(sts).restartPolicy = 'OnFailure';
    delete pg(sts).image;
    const job = batchAndApps()[0];
    job.spec.template.spec.restartPolicy = 'Always';
    const dep = batchAndApps()[2];
    dep.spec.template.spec.containers = [];
    expect(rulesOf(sts)).toEqual(['pod/restart-policy spec.template.spec.restartPolicy', 'pod/image spec.template.spec.containers[0].image']);
    expect(rulesOf(job)).toEqual(['pod/restart-policy spec.template.spec.restartPolicy']);
    expect(rulesOf(dep)).toEqual(['pod/no-containers spec.template.spec.containers']);
  });

  test('CronJob pod templates are checked at their full path', () => {
    const cron = batchAndApps()[1];
    cron.spec.jobTemplate.spec.template.spec.containers[0].volumeMounts[0].name = 'nope';
    expect(rulesOf(cron)).toEqual(['pod/volume-mount spec.jobTemplate.spec.template.spec.containers[0].volumeMounts[0].name']);
  });
});
