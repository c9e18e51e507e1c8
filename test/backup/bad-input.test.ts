// The bad-input rows of backups live in test/bad-input/rows/backup.ts (run by test/bad-input/bad-input.test.ts).
import { construct, s3 } from './fixtures';
import { Backup, BackupStorage, CloneSource, PostgresClusterProps, StandbySource, StorageCredentials } from '../../src';

const S3 = (props: Record<string, unknown>) => BackupStorage.s3({ bucket: 'acid-wal', region: 'eu-central-1', credentials: StorageCredentials.nodeIdentity(), ...props } as any);

describe('bad input fails at synth time with the prop, the value and what is allowed', () => {
  test('every message carries the construct path', () => {
    expect(() => construct({ backup: Backup.walG(S3({ bucket: 'Bad' })) })).toThrow(/^test\/acid-test: backup\.storage\.bucket/);
  });
});

describe('a clone or standby never archives into its source', () => {
  test.each([
    ['a clone of the same name and uid into the same bucket', {
      name: 'acid-source',
      clusterUid: 'u1',
      backup: Backup.walG(s3()),
      clone: CloneSource.fromWalArchive({ cluster: 'acid-source', uid: 'u1' }),
    }, /clone, backup: the cluster would archive into the WAL path it restores from \(s3:\/\/acid-wal\/spilo\/acid-source\/u1\/wal\/\)/],
    ['a standby of the same name without uids', {
      name: 'acid-source', backup: Backup.walG(s3()), standby: StandbySource.fromWalArchive({ cluster: 'acid-source' }),
    }, /standby, backup: the cluster would archive into the WAL path it restores from/],
    ['a clone from an explicit path equal to its own archive', {
      backup: Backup.walG(s3()), clone: CloneSource.fromWalArchive({ cluster: 'acid-source', walPath: 's3://acid-wal/spilo/acid-test/wal/16' }),
    }, /clone, backup: the cluster would archive into the WAL path it restores from \(s3:\/\/acid-wal\/spilo\/acid-test\/wal\/\)/],
  ])('%s', (_name, props, message) => {
    expect(() => construct(props as Partial<PostgresClusterProps>)).toThrow(message);
  });

  test('another clusterUid is enough', () => {
    expect(() => construct({
      name: 'acid-source', clusterUid: 'u2', backup: Backup.walG(s3()), clone: CloneSource.fromWalArchive({ cluster: 'acid-source', uid: 'u1' }),
    })).not.toThrow();
  });
});
