// Validation of Gongkai's open-data exports against the official schemas (shared/reference/standards):
// ajv with ajv-draft-04 and ajv-formats. Closed codelists are enforced by the schemas' enums; codes
// outside an open codelist's CSV are reported (not errors), as the OCDS Data Review Tool does.
// OC4IDS documents are checked against project-schema.json with Gongkai's extension applied as the
// JSON Merge Patch it is (RFC 7386), and its codelists.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { EXTENSION_DIR } from '@gongkai/open-data';

// CommonJS default exports seen through NodeNext typing
type AjvInstance = { addSchema(s: object): unknown; getSchema(id: string): ValidateFunction | undefined };
const Ajv = ((AjvDraft04 as unknown as { default?: unknown }).default ?? AjvDraft04) as new (o: object) => AjvInstance;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvInstance) => void;

export const STANDARDS = process.env['GONGKAI_STANDARDS'] ?? join(import.meta.dirname, '../../../shared/reference/standards');
const load = (p: string): any => JSON.parse(readFileSync(p, 'utf8'));

/** RFC 7386 JSON Merge Patch. */
export function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function codesOf(file: string): Set<string> {
  const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const col = lines[0]!.split(',').indexOf('Code');
  // codes never contain commas or quotes; only fields before the code column matter
  return new Set(lines.slice(1).filter(Boolean).map((l) => l.split(',')[col]!));
}

interface CodelistField {
  path: string[];
  codelist: string;
  open: boolean;
}

/** Every property with a `codelist` keyword, by property path (array items add no segment). */
function codelistFields(schema: any): CodelistField[] {
  const out: CodelistField[] = [];
  const deref = (n: any): any => (n && n.$ref && String(n.$ref).startsWith('#/') ? deref(String(n.$ref).slice(2).split('/').reduce((a: any, k: string) => a?.[k], schema)) : n);
  const walk = (props: any, path: string[], depth: number) => {
    if (!props || depth > 12) return;
    for (const [k, raw] of Object.entries<any>(props)) {
      const v = deref(raw);
      if (!v) continue;
      const p = [...path, k];
      if (v.codelist) out.push({ path: p, codelist: v.codelist, open: v.openCodelist === true });
      if (v.properties) walk(v.properties, p, depth + 1);
      if (v.items) {
        const it = deref(v.items);
        if (it?.codelist) out.push({ path: p, codelist: it.codelist, open: it.openCodelist === true });
        if (it?.properties) walk(it.properties, p, depth + 1);
      }
    }
  };
  walk(schema.properties, [], 0);
  return out;
}

function valuesAt(data: any, path: string[]): unknown[] {
  let nodes: any[] = [data];
  for (const k of path) {
    const next: any[] = [];
    for (const n of nodes) {
      const flat = Array.isArray(n) ? n : [n];
      for (const x of flat) if (x && typeof x === 'object' && k in x) next.push(x[k]);
    }
    nodes = next;
  }
  return nodes.flatMap((n) => (Array.isArray(n) ? n : [n])).filter((x) => typeof x === 'string');
}

export interface Report {
  errors: ErrorObject[];
  /** open-codelist codes outside the codelist: `path: code` */
  openCodelistExtras: string[];
  /** closed-codelist codes outside the codelist (the enum also rejects them) */
  closedCodelistViolations: string[];
}

function codelistReport(fields: CodelistField[], codelists: Map<string, Set<string>>, data: any): Pick<Report, 'openCodelistExtras' | 'closedCodelistViolations'> {
  const open = new Set<string>();
  const closed = new Set<string>();
  for (const f of fields) {
    const codes = codelists.get(f.codelist);
    if (!codes) continue;
    for (const v of valuesAt(data, f.path)) if (!codes.has(v as string)) (f.open ? open : closed).add(`${f.path.join('.')}: ${v as string}`);
  }
  return { openCodelistExtras: [...open].sort(), closedCodelistViolations: [...closed].sort() };
}

export class Validators {
  readonly releasePackage: ValidateFunction;
  readonly recordPackage: ValidateFunction;
  readonly release: ValidateFunction;
  readonly versionedRelease: ValidateFunction;
  readonly projectPackage: ValidateFunction;
  readonly penaltyPackage: ValidateFunction;
  private readonly ocdsFields: CodelistField[];
  private readonly oc4idsFields: CodelistField[];
  private readonly ocdsCodelists = new Map<string, Set<string>>();
  private readonly oc4idsCodelists = new Map<string, Set<string>>();

  constructor() {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    const ocds = join(STANDARDS, 'ocds-1.1.5');
    const releaseSchema = load(join(ocds, 'release-schema.json'));
    const versionedSchema = load(join(ocds, 'versioned-release-validation-schema.json'));
    ajv.addSchema(releaseSchema);
    ajv.addSchema(versionedSchema);
    ajv.addSchema(load(join(ocds, 'release-package-schema.json')));
    ajv.addSchema(load(join(ocds, 'record-package-schema.json')));
    this.release = ajv.getSchema(releaseSchema.id)!;
    this.versionedRelease = ajv.getSchema(versionedSchema.id)!;
    this.releasePackage = ajv.getSchema('https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json')!;
    this.recordPackage = ajv.getSchema('https://standard.open-contracting.org/schema/1__1__5/record-package-schema.json')!;
    for (const f of readdirSync(join(ocds, 'codelists'))) this.ocdsCodelists.set(f, codesOf(join(ocds, 'codelists', f)));
    this.ocdsFields = codelistFields(releaseSchema);

    const oc4 = join(STANDARDS, 'oc4ids-0.9.5');
    const projectSchema = mergePatch(load(join(oc4, 'project-schema.json')), load(join(EXTENSION_DIR, 'project-schema.json')));
    ajv.addSchema(projectSchema);
    ajv.addSchema(load(join(oc4, 'project-package-schema.json')));
    this.projectPackage = ajv.getSchema('https://standard.open-contracting.org/infrastructure/schema/0__9__5/project-package-schema.json')!;
    for (const f of readdirSync(join(oc4, 'codelists'))) this.oc4idsCodelists.set(f, codesOf(join(oc4, 'codelists', f)));
    for (const f of readdirSync(join(EXTENSION_DIR, 'codelists'))) {
      const codes = codesOf(join(EXTENSION_DIR, 'codelists', f));
      if (f.startsWith('+')) {
        const name = f.slice(1);
        this.oc4idsCodelists.set(name, new Set([...(this.oc4idsCodelists.get(name) ?? []), ...codes]));
      } else this.oc4idsCodelists.set(f, codes);
    }
    this.oc4idsFields = codelistFields(projectSchema);
    const penaltySchema = load(join(EXTENSION_DIR, 'penalty-package-schema.json'));
    ajv.addSchema(penaltySchema);
    this.penaltyPackage = ajv.getSchema(penaltySchema.id)!;
  }

  private run(fn: ValidateFunction, data: unknown): ErrorObject[] {
    return fn(data) ? [] : [...(fn.errors ?? [])];
  }

  releasePackageReport(pkg: any): Report {
    const errors = this.run(this.releasePackage, pkg);
    return { errors, ...codelistReport(this.ocdsFields, this.ocdsCodelists, pkg.releases) };
  }

  recordPackageReport(pkg: any): Report {
    const errors = this.run(this.recordPackage, pkg);
    const compiled = (pkg.records ?? []).map((r: any) => r.compiledRelease);
    // versioned releases: the record package schema checks them; codes are inside `value`
    for (const r of pkg.records ?? []) errors.push(...this.run(this.versionedRelease, r.versionedRelease));
    return { errors, ...codelistReport(this.ocdsFields, this.ocdsCodelists, compiled) };
  }

  penaltyErrors(pkg: any): ErrorObject[] {
    return this.run(this.penaltyPackage, pkg);
  }

  projectPackageReport(pkg: any): Report {
    const errors = this.run(this.projectPackage, pkg);
    return { errors, ...codelistReport(this.oc4idsFields, this.oc4idsCodelists, pkg.projects) };
  }
}
