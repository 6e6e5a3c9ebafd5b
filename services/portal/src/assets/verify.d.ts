// Types of ./verify.js (plain JavaScript: the browser loads it as it is).
export interface VerifyStep {
  name: 'checkpoint-signature' | 'event-hash' | 'event-included' | 'values-match' | 'fetch';
  ok: boolean;
  eventId?: string;
  error?: string;
  differ?: string[];
  compared?: number;
  skipped?: string[];
  [k: string]: unknown;
}
export interface VerifyReport {
  ok: boolean;
  checkpoint?: { origin: string; size: number; root: string; key: string };
  steps: VerifyStep[];
}
export function verifyRecord(recordId: string, options?: { fetch?: typeof fetch; base?: string }): Promise<VerifyReport>;
export function parseCheckpoint(note: string): { text: string; origin: string; size: number; root: Uint8Array; signatures: Array<{ name: string; keyHash: Uint8Array; signature: Uint8Array }> };
export function parseVerifierKey(text: string): { name: string; id: string; publicKey: Uint8Array; keyHash: Uint8Array };
export function rootFromInclusionProof(index: number, size: number, leafHash: Uint8Array, proof: Uint8Array[]): Promise<Uint8Array>;
