import { App, Chart } from 'cdk8s';
import * as backupsAndLogs from './backups-and-logs/main';
import * as cloneAndStandby from './clone-and-standby/main';
import { ExampleOptions } from './example-options';
import * as minimal from './minimal/main';
import * as poolerAndMonitoring from './pooler-and-monitoring/main';
import * as productionHa from './production-ha/main';
import * as usersAndDatabases from './users-and-databases/main';

export interface ExampleDefinition {
  readonly name: string;
  readonly build: (app: App, options?: ExampleOptions) => Chart[];
}

/** Every example app; tests and `synth:examples` iterate over this list. */
export const EXAMPLES: ExampleDefinition[] = [
  { name: 'minimal', build: minimal.build },
  { name: 'production-ha', build: productionHa.build },
  { name: 'users-and-databases', build: usersAndDatabases.build },
  { name: 'backups-and-logs', build: backupsAndLogs.build },
  { name: 'clone-and-standby', build: cloneAndStandby.build },
  { name: 'pooler-and-monitoring', build: poolerAndMonitoring.build },
];
