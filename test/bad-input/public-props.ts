// The public props a user can give a cluster, derived from the jsii assembly (`.jsii`, written by `projen compile`,
// which runs before the tests): every property of PostgresClusterProps, FleetDefaultsProps and every struct reachable
// from them, named `<Struct>.<property>` after the struct that declares it, as API.md lists them.
//
// Reachability rule:
// - a property's type is followed through arrays, maps and unions;
// - a struct contributes its own properties and those of the structs it extends;
// - a class of this library (Backup, BackupStorage, StorageCredentials, PostgresSidecar, CloneSource, ...) contributes
//   the struct parameters of its constructor and of its static factory methods, which are how a user makes one;
// - types of other assemblies (k8s.*, cdk8s Duration and Size, cdk8s-plus Cpu) are leaves, as are enums.
import * as fs from 'fs';
import * as path from 'path';

const ASSEMBLY = path.join(__dirname, '..', '..', '.jsii');
const OURS = 'cdk8s-postgres.';
export const ROOTS = ['PostgresClusterProps', 'FleetDefaultsProps'];

export function publicPropPaths(): string[] {
  const types: Record<string, any> = JSON.parse(fs.readFileSync(ASSEMBLY, 'utf8')).types;
  const seen = new Set<string>();
  const paths: string[] = [];
  const refs = (type: any): string[] => !type ? []
    : type.fqn ? [type.fqn]
      : type.collection ? refs(type.collection.elementtype)
        : type.union ? type.union.types.flatMap(refs) : [];
  const visit = (fqn: string): void => {
    if (!fqn.startsWith(OURS) || seen.has(fqn)) return;
    seen.add(fqn);
    const t = types[fqn];
    if (!t) throw new Error(`${fqn} is not in the assembly`);
    if (t.kind === 'interface' && t.datatype) {
      for (const p of t.properties ?? []) {
        paths.push(`${t.name}.${p.name}`);
        refs(p.type).forEach(visit);
      }
      (t.interfaces ?? []).forEach(visit);
    } else if (t.kind === 'class') {
      const makers = [t.initializer, ...(t.methods ?? []).filter((m: any) => m.static)].filter(Boolean);
      makers.flatMap((m: any) => (m.parameters ?? []).flatMap((p: any) => refs(p.type))).forEach(visit);
    }
  };
  ROOTS.forEach(r => visit(OURS + r));
  return paths.sort();
}
