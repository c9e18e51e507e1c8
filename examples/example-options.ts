/** Options every example accepts, so the API-server tier can apply a changed version over the first. */
export interface ExampleOptions {
  /** Render the "upgrade" variant: more instances, a new Postgres parameter and a new label. */
  readonly upgrade?: boolean;
}
