import { fail } from '../private/validation';

/**
 * A PostgreSQL major version that Spilo can run.
 *
 * Rendered as the `PGVERSION` env var: Spilo picks `/usr/lib/postgresql/<v>/bin` when it
 * initialises a new data directory; an existing data directory keeps its own version.
 */
export class PostgresVersion {
  /** PostgreSQL 13. */
  public static readonly V13 = new PostgresVersion('13');
  /** PostgreSQL 14. */
  public static readonly V14 = new PostgresVersion('14');
  /** PostgreSQL 15. */
  public static readonly V15 = new PostgresVersion('15');
  /** PostgreSQL 16. */
  public static readonly V16 = new PostgresVersion('16');
  /** PostgreSQL 17. */
  public static readonly V17 = new PostgresVersion('17');
  /** PostgreSQL 18. */
  public static readonly V18 = new PostgresVersion('18');

  /** Majors the library supports, oldest first. */
  public static readonly SUPPORTED = ['13', '14', '15', '16', '17', '18'];

  /**
   * A major version given as a string, e.g. `PostgresVersion.of('17')`.
   * Throws when it is not one of 13 to 18.
   */
  public static of(major: string): PostgresVersion {
    if (!PostgresVersion.SUPPORTED.includes(major)) {
      fail('version', major, `one of ${PostgresVersion.SUPPORTED.join(', ')}`);
    }
    return new PostgresVersion(major);
  }

  /** The major version, e.g. `17`. */
  public readonly major: string;

  private constructor(major: string) {
    this.major = major;
  }
}
