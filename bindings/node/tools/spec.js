'use strict';
// Helpers shared by the generators: loading the specs and resources.json, naming, and turning
// JSON Schema (OpenAPI 3.0) into TypeScript type expressions.

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const NODE_DIR = path.resolve(__dirname, '..');
/** Where the generated modules go (everything in it is written by tools/, never by hand). */
const GENERATED_DIR = path.join(NODE_DIR, 'generated');
const RESOURCES = path.join(ROOT, 'crates', 'atlassian-admin', 'src', 'generated', 'resources.json');
const SPEC_DIR = path.join(ROOT, 'specs');

// The families, in the core's order: derived from resources.json, never listed here.
const FAMILIES = [...new Set(JSON.parse(fs.readFileSync(RESOURCES, 'utf8')).operations.map((o) => o.family))];

const pascal = (s) => s.replace(/(^|[-_\s.])([a-zA-Z0-9])/g, (_, __, c) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
const camel = (s) => {
  const p = pascal(s);
  return p.charAt(0).toLowerCase() + p.slice(1);
};
/** snake_case identifiers in a Rust call string -> camelCase. */
const camelCall = (s) => s.replace(/([a-z0-9])_([a-z0-9])/g, (_, a, b) => a + b.toUpperCase()).replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** The TypeScript namespace of a family: `user-management` -> `UserManagement`. */
const familyNs = (family) => pascal(family);

function loadResources() {
  return JSON.parse(fs.readFileSync(RESOURCES, 'utf8')).operations;
}

function loadSpecs() {
  const out = {};
  for (const f of FAMILIES) out[f] = JSON.parse(fs.readFileSync(path.join(SPEC_DIR, `${f}.json`), 'utf8'));
  return out;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const propKey = (k) => (IDENT.test(k) ? k : JSON.stringify(k));
const typeName = (n) => {
  const s = n.replace(/[^A-Za-z0-9_$]/g, '_');
  return /^[0-9]/.test(s) ? `_${s}` : s;
};

/** Follows a local `$ref` (any section of the document). */
function deref(spec, obj, seen = new Set()) {
  while (obj && typeof obj.$ref === 'string') {
    if (seen.has(obj.$ref)) return {};
    seen.add(obj.$ref);
    const parts = obj.$ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let cur = spec;
    for (const p of parts) cur = cur == null ? undefined : cur[p];
    obj = cur;
  }
  return obj;
}

/** Answers: every member optional (the service omits some the spec requires). */
const RECEIVED = { input: false, split: new Set() };

/**
 * A TypeScript type for `schema`. `qual` prefixes named component types (`''` inside the
 * family's own namespace, `Types.Organization.` from outside); `ind` is the current indent.
 * `ctx.input`: the type of something sent, whose required members are required; a reference
 * to a schema in `ctx.split` (shared with answers) then names its `<Name>Input` copy.
 */
function tsType(schema, qual, ind = '', ctx = RECEIVED) {
  if (schema == null || typeof schema !== 'object') return 'unknown';
  let t = tsTypeInner(schema, qual, ind, ctx);
  if (schema.nullable === true && t !== 'unknown' && t !== 'null') t = `${t} | null`;
  return t;
}

function tsTypeInner(s, qual, ind, ctx) {
  if (typeof s.$ref === 'string') {
    const m = /^#\/components\/schemas\/(.+)$/.exec(s.$ref);
    return m ? qual + typeName(m[1]) + (ctx.input && ctx.split.has(m[1]) ? 'Input' : '') : 'unknown';
  }
  const union = s.oneOf || s.anyOf;
  if (Array.isArray(union) && union.length) return paren(union.map((x) => tsType(x, qual, ind, ctx)));
  if (Array.isArray(s.allOf) && s.allOf.length) {
    const parts = s.allOf.map((x) => tsType(x, qual, ind, ctx));
    if (s.properties) parts.push(objectType(s, qual, ind, ctx));
    return parts.length === 1 ? parts[0] : parts.map((p) => (p.includes('|') ? `(${p})` : p)).join(' & ');
  }
  if (Array.isArray(s.enum) && s.enum.length && s.enum.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
    const known = [...new Set(s.enum.map((v) => JSON.stringify(v)))];
    // Open string enums: editors complete the known values, and a value the spec does not list
    // (the live API adds some) still type-checks.
    if (s.enum.every((v) => typeof v === 'string')) known.push('(string & {})');
    return known.join(' | ');
  }
  let type = s.type;
  if (Array.isArray(type)) return paren(type.map((t) => tsTypeInner({ ...s, type: t }, qual, ind, ctx)));
  if (!type && (s.properties || s.additionalProperties)) type = 'object';
  if (!type && s.items) type = 'array';
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const it = tsType(s.items, qual, ind, ctx);
      return /^[A-Za-z0-9_.$]+$/.test(it) ? `${it}[]` : `Array<${it}>`;
    }
    case 'object':
      return objectType(s, qual, ind, ctx);
    default:
      return 'unknown';
  }
}

function paren(types) {
  const uniq = [...new Set(types)];
  if (uniq.includes('unknown')) return 'unknown';
  return uniq.join(' | ');
}

function objectType(s, qual, ind, ctx) {
  const props = s.properties && typeof s.properties === 'object' ? s.properties : {};
  const req = new Set(ctx.input && Array.isArray(s.required) ? s.required.filter((k) => !(props[k] && props[k].readOnly)) : []);
  const inner = ind + '  ';
  const lines = [];
  for (const [k, v] of Object.entries(props)) {
    lines.push(`${inner}${propKey(k)}${req.has(k) ? '' : '?'}: ${tsType(v, qual, inner, ctx)};`);
  }
  const ap = s.additionalProperties;
  if (ap && typeof ap === 'object' && Object.keys(ap).length) {
    lines.push(`${inner}[key: string]: ${lines.length ? 'unknown' : tsType(ap, qual, inner, ctx)};`);
  } else if (ap === true || (!lines.length && ap !== false)) {
    lines.push(`${inner}[key: string]: unknown;`);
  }
  return `{\n${lines.join('\n')}\n${ind}}`;
}

/** Component names reachable (through `$ref`) from `roots`. */
function reachable(spec, roots) {
  const seen = new Set();
  const walk = (v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    if (typeof v.$ref === 'string') {
      const m = /^#\/components\/(schemas|requestBodies)\/(.+)$/.exec(v.$ref);
      const key = m && `${m[1]}/${m[2]}`;
      if (key && !seen.has(key)) {
        seen.add(key);
        walk(deref(spec, { $ref: v.$ref }));
      }
    }
    Object.entries(v).forEach(([k, x]) => k !== '$ref' && walk(x));
  };
  roots.forEach(walk);
  return new Set([...seen].filter((k) => k.startsWith('schemas/')).map((k) => k.slice(8)));
}

/**
 * Which component schemas are sent (reachable from request bodies), which are received (from
 * 2xx answers), and `split`: those that are both and require members, which get an `Input` copy
 * for requests (as the Rust client does).
 */
function schemaRoles(spec) {
  const bodies = [];
  const answers = [];
  for (const item of Object.values(spec.paths || {})) {
    for (const o of Object.values(item || {})) {
      if (!o || typeof o !== 'object' || !o.responses) continue;
      if (o.requestBody) bodies.push(o.requestBody);
      for (const [code, r] of Object.entries(o.responses)) if (/^2/.test(code)) answers.push(r);
    }
  }
  const sent = reachable(spec, bodies);
  const received = reachable(spec, answers);
  const schemas = (spec.components && spec.components.schemas) || {};
  const split = new Set([...sent].filter((n) => received.has(n) && Array.isArray(schemas[n] && schemas[n].required) && schemas[n].required.length));
  return { sent, received, split };
}

/** The spec operation behind a resources.json entry (by HTTP method and path suffix). */
function findSpecOperation(spec, op) {
  let best = null;
  for (const [p, item] of Object.entries(spec.paths || {})) {
    const o = item && item[op.http_method.toLowerCase()];
    if (!o || !op.path.endsWith(p)) continue;
    if (!best || p.length > best.path.length) best = { path: p, item, op: o };
  }
  return best;
}

/** Writes `file` or, with `--check`, reports whether it is up to date (exit 1 if not). */
function writeOrCheck(file, text, argv = process.argv.slice(2)) {
  const rel = path.relative(ROOT, file);
  if (argv.includes('--check')) {
    const cur = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    if (cur !== text) {
      console.error(`${rel} is stale: run \`node ${path.relative(ROOT, process.argv[1])}\` and commit the result`);
      return false;
    }
    console.log(`${rel} is up to date`);
    return true;
  }
  fs.writeFileSync(file, text);
  console.log(`wrote ${rel}`);
  return true;
}

module.exports = {
  ROOT,
  NODE_DIR,
  GENERATED_DIR,
  FAMILIES,
  pascal,
  camel,
  camelCall,
  familyNs,
  loadResources,
  loadSpecs,
  deref,
  schemaRoles,
  RECEIVED,
  tsType,
  typeName,
  propKey,
  findSpecOperation,
  writeOrCheck,
};
