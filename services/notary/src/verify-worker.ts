// Worker thread of verifyLedger: hashes ranges of the ledger (see verify-page.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { PageHasher, transferList } from './verify-page.ts';

const hasher = new PageHasher((workerData as { ledgerPath: string }).ledgerPath);
parentPort!.on('message', (m: { id: number; start: number; end: number } | { close: true }) => {
  if ('close' in m) {
    hasher.close();
    parentPort!.close();
    return;
  }
  try {
    const r = hasher.run(m.start, m.end);
    parentPort!.postMessage({ id: m.id, result: r }, transferList(r));
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
