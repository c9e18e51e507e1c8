import { Manifest } from './manifests';
import { SettingChange } from './plan-structs';
import { needsRestart, REPLICA_MINIMUMS } from './restart-parameters';

const INPUT_KEY = 'dynamic-configuration.json';

/** The dynamic configuration Job's input (`{desired, managed, keep}`) among a cluster's objects. */
export function dynamicConfigurationInput(objects: Manifest[]): { desired: any; keep: string[][] } | undefined {
  const cm = objects.find(o => o.kind === 'ConfigMap' && typeof o.data?.[INPUT_KEY] === 'string');
  if (!cm) return undefined;
  const spec = JSON.parse(cm.data[INPUT_KEY]);
  return { desired: spec.desired ?? {}, keep: spec.keep ?? [] };
}

/** Flattens Patroni's configuration: parameters by their name, other settings by their key path (`postgresql.use_slots`). */
function flatten(desired: any): Map<string, { value: unknown; parameter: boolean }> {
  const out = new Map<string, { value: unknown; parameter: boolean }>();
  for (const [k, v] of Object.entries(desired ?? {})) {
    if (k !== 'postgresql' || !v || typeof v !== 'object') {
      out.set(k, { value: v, parameter: false });
      continue;
    }
    for (const [pk, pv] of Object.entries(v)) {
      if (pk !== 'parameters') out.set(`postgresql.${pk}`, { value: pv, parameter: false });
      else for (const [p, value] of Object.entries(pv as object)) out.set(p.toLowerCase(), { value, parameter: true });
    }
  }
  return out;
}

/** A value as Patroni and PostgreSQL compare it: booleans as on/off, scalars trimmed and lower-cased. */
function normalized(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v).trim().toLowerCase();
}

const display = (v: unknown) => (v === undefined ? undefined : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/** What the dynamic configuration Job changes between two inputs. */
export interface SettingsPlan {
  readonly settings: SettingChange[];
  /** Replica minimums that go down: the primary restarts first. */
  readonly lowered: string[];
  /** Settings removed from git that the cluster keeps (the `keep` list: Spilo computed them at creation). */
  readonly kept: string[];
}

export function settingsPlan(before: any, after: any, keep: string[][], major?: number): SettingsPlan {
  const b = flatten(before);
  const a = flatten(after);
  const keptNames = new Set(keep.map(path => path[path.length - 1].toLowerCase()));
  const settings: SettingChange[] = [];
  const lowered: string[] = [];
  const kept: string[] = [];
  for (const name of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const [bv, av] = [b.get(name)?.value, a.get(name)?.value];
    if (normalized(bv) === normalized(av)) continue;
    if (av === undefined && keptNames.has(name)) {
      kept.push(name);
      continue;
    }
    const isParameter = (a.get(name) ?? b.get(name))!.parameter;
    settings.push({
      name,
      ...(bv !== undefined ? { before: display(bv) } : {}),
      ...(av !== undefined ? { after: display(av) } : {}),
      needsRestart: isParameter && needsRestart(name, major),
    });
    const floor = REPLICA_MINIMUMS[name];
    if (floor !== undefined) {
      const from = bv === undefined ? (keptNames.has(name) ? undefined : floor) : Number(bv);
      const to = av === undefined ? floor : Number(av);
      if (from !== undefined && to < from) lowered.push(name);
    }
  }
  return { settings, lowered, kept };
}
