// The test validator judges synthesized manifests in milliseconds; that is only worth something if it judges as a
// real API server does. Each case of the agreement table (test/validator/agreement-cases.ts) is a small object,
// a valid control or one field broken; the server's verdict on a server-side dry run must equal the validator's,
// except where the table names a known difference for this server version (and then it must really differ).
import { Manifest } from './client';
import { connect, Target } from './target';
import { AGREEMENT_CASES, AgreementCase, Verdict, validatorVerdict } from '../validator/agreement-cases';
import { AGREEMENT_NS } from '../validator/agreement-fixtures';

let target: Target;
let minor: number;
const tally = { agree: 0, knownDifference: 0 };

beforeAll(async () => {
  target = await connect();
  await target.namespaces.fresh(AGREEMENT_NS);
  const version = await target.client.request('GET', '/version');
  minor = parseInt(String(version.body.minor), 10);
}, 15 * 60_000);

afterAll(async () => {
  console.log(`validator agreement on 1.${minor}: ${tally.agree} cases agree, ${tally.knownDifference} known differences, of ${AGREEMENT_CASES.length}`);
  await target?.release();
});

/** Server-side apply as GitOps does it (strict field validation), but a dry run: nothing is stored. */
async function serverVerdict(obj: Manifest): Promise<{ verdict: Verdict; message: string }> {
  const q = 'fieldManager=cdk8s-postgres&fieldValidation=Strict&force=true&dryRun=All';
  const r = await target.client.request('PATCH', `${await target.client.path(obj)}?${q}`, obj, 'application/apply-patch+yaml');
  if (r.status >= 200 && r.status < 300) return { verdict: 'accepted', message: '' };
  // 400: strict decoding; 422: validation; 500: server-side apply's typed conversion (unknown field, 1.28)
  if ([400, 422, 500].includes(r.status) && r.body?.kind === 'Status') return { verdict: 'rejected', message: `${r.status} ${r.body.message}` };
  throw new Error(`dry run of ${obj.kind} ${obj.metadata.name}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
}

test('the table has controls and broken cases', () => {
  expect(AGREEMENT_CASES.filter(c => c.verdict === 'accepted').length).toBeGreaterThan(10);
  expect(AGREEMENT_CASES.filter(c => c.verdict === 'rejected').length).toBeGreaterThan(50);
});

test.each(AGREEMENT_CASES.map(c => [c.name, c] as const))('%s', async (_name, c: AgreementCase) => {
  const mine = validatorVerdict(c.object);
  const server = await serverVerdict(c.object);
  const differs = c.differs?.on(minor) ?? false;
  const expected = differs ? (mine.verdict === 'accepted' ? 'rejected' : 'accepted') : mine.verdict;
  // On a mismatch the failure shows what each side said and why.
  const report = { validator: mine.verdict, server: server.verdict, knownDifference: differs ? c.differs!.because : 'none', serverSaid: server.message, validatorSaid: mine.issues };
  expect(server.verdict === expected ? 'as expected' : report).toBe('as expected');
  if (differs) tally.knownDifference++;
  else tally.agree++;
});
