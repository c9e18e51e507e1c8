/**
 * CustomResourceDefinitions of the third-party kinds the library emits, read from the projects'
 * own Go modules (fetched through the Go module proxy into the module cache; nothing committed).
 * Used by the manifest validator (schemas) and by the API-server tier (installed before apply).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { goModuleDir } from './generate';

interface CrdSource {
  readonly module: string;
  readonly files: string[];
}

const SOURCES: CrdSource[] = [
  {
    module: 'github.com/external-secrets/external-secrets@v1.3.2',
    files: [
      'config/crds/bases/external-secrets.io_externalsecrets.yaml',
      'config/crds/bases/generators.external-secrets.io_passwords.yaml',
    ],
  },
  {
    // PodMonitor and PrometheusRule (monitoring, issue 7)
    module: 'github.com/prometheus-operator/prometheus-operator@v0.85.0',
    files: [
      'example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml',
      'example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml',
    ],
  },
  {
    // Certificate (tls.certManager, issue 17). The files are Helm templates whose directives sit in comments and in
    // quoted label values: the YAML parses, and the labels are dropped below.
    module: 'github.com/cert-manager/cert-manager@v1.16.2',
    files: ['deploy/crds/crd-certificates.yaml'],
  },
];

let cached: any[] | undefined;

/** The CRD objects (apiextensions.k8s.io/v1), loaded once per process. */
export function thirdPartyCrds(): any[] {
  if (cached) return cached;
  const crds: any[] = [];
  for (const source of SOURCES) {
    const dir = goModuleDir(source.module);
    for (const file of source.files) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
        const crd = doc.toJSON();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        // Only the name matters to an API server; template placeholders in labels would not pass its validation.
        crds.push({ ...crd, metadata: { name: crd.metadata.name } });
      }
    }
  }
  cached = crds;
  return crds;
}
