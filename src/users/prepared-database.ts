/**
 * A schema of a prepared database (`preparedDatabases.<db>.schemas.<schema>`).
 */
export interface PreparedSchema {
  /**
   * Create the NOLOGIN roles `<db>_<schema>_owner`, `_reader` and `_writer` and make the owner
   * role own the schema; when false the schema is owned by `<db>_owner`.
   * @default true
   */
  readonly defaultRoles?: boolean;
  /**
   * Also create LOGIN roles `<db>_<schema>_owner_user`, `_reader_user`, `_writer_user` with credentials.
   * @default false
   */
  readonly defaultUsers?: boolean;
}

/**
 * A database with the operator's role and schema conventions (`preparedDatabases.<db>`): NOLOGIN
 * roles `<db>_owner`, `<db>_reader`, `<db>_writer`, schemas with their own roles, default privileges
 * so readers can read and writers can write what owners create, and extensions.
 */
export interface PreparedDatabase {
  /**
   * Also create LOGIN roles `<db>_owner_user`, `<db>_reader_user`, `<db>_writer_user` with credentials.
   * @default false
   */
  readonly defaultUsers?: boolean;
  /**
   * Schemas to create, by name.
   * @default - one schema named `data` with default roles
   */
  readonly schemas?: Record<string, PreparedSchema>;
  /**
   * Extensions to create: extension name to the schema it is created in.
   * @default - none
   */
  readonly extensions?: Record<string, string>;
  /**
   * Namespace for the credentials Secrets of the `_user` roles (the operator's `secretNamespace`).
   * @default - the cluster's namespace
   */
  readonly secretNamespace?: string;
}
