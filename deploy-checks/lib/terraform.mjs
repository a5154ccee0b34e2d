// Loads every .tf file under <repo>/terraform with a real HCL parser (@cdktf/hcl2json, WASM, offline) and offers a
// small resolver for `var.x` / `local.x` references, so a check can ask "what does this attribute become when
// the module is called from envs/prod?" without running Terraform.
//
// Everything takes the repository root as an argument: the mutation test runs the same checks on broken copies.
// Parsed files are cached by content, so a copy that differs in one file costs one parse.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function listTfFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === ".terraform") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTfFiles(full));
    else if (entry.name.endsWith(".tf")) out.push(full);
  }
  return out.sort();
}

/** One Terraform module folder (root or child): its blocks merged over all of its files. */
class ModuleDir {
  constructor(dir, repoRoot) {
    this.dir = dir;
    this.rel = path.relative(repoRoot, dir).split(path.sep).join("/");
    this.files = {}; // file name -> parsed JSON
    this.variables = {}; // name -> { body, file }
    this.outputs = {}; // name -> { body, file }
    this.locals = {};
    this.resources = []; // { type, name, body, file }
    this.dataSources = [];
    this.ephemerals = [];
    this.modules = []; // { name, body, file }
    this.terraformBlocks = []; // { body, file }
    this.providers = [];
    this.moved = []; // { from, to, file }: addresses as written, without ${ }
  }

  add(file, json) {
    const base = path.basename(file);
    this.files[base] = json;
    for (const [name, bodies] of Object.entries(json.variable ?? {})) this.variables[name] = { body: bodies[0], file: base };
    for (const [name, bodies] of Object.entries(json.output ?? {})) this.outputs[name] = { body: bodies[0], file: base };
    for (const block of json.locals ?? []) Object.assign(this.locals, block);
    const typed = (kind, list) => {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        for (const [name, bodies] of Object.entries(byName)) list.push({ type, name, body: bodies[0], file: base, kind });
      }
    };
    typed("resource", this.resources);
    typed("data", this.dataSources);
    typed("ephemeral", this.ephemerals);
    for (const [name, bodies] of Object.entries(json.module ?? {})) this.modules.push({ name, body: bodies[0], file: base });
    for (const body of json.terraform ?? []) this.terraformBlocks.push({ body, file: base });
    for (const [name, bodies] of Object.entries(json.provider ?? {})) this.providers.push({ name, body: bodies[0], file: base });
    const address = (v) => String(v).replace(/^\$\{([\s\S]*)\}$/, "$1").trim();
    for (const m of json.moved ?? []) this.moved.push({ from: address(m.from), to: address(m.to), file: base });
  }

  /** The resources of a type, one record per for_each instance where the instances can be followed statically. */
  resourcesOf(type) {
    return this.resources
      .filter((r) => r.type === type)
      .flatMap((r) => (r.instances ? r.instances.map((i) => ({ ...r, key: i.key, body: substituteEach(r.body, i), mod: this })) : [{ ...r, mod: this }]));
  }

  dataOf(type) {
    return this.dataSources.filter((r) => r.type === type).map((r) => ({ ...r, mod: this }));
  }

  /** One resource block as written (for_each instances not expanded). */
  resource(type, name) {
    const r = this.resources.find((x) => x.type === type && x.name === name);
    return r && { ...r, mod: this };
  }
}

export function isLocalSource(source) {
  return source.startsWith("./") || source.startsWith("../");
}

/** Registry sources look like NAMESPACE/NAME/PROVIDER (optionally with a host in front). */
export function isRegistrySource(source) {
  if (isLocalSource(source)) return false;
  if (/^(git::|github\.com|bitbucket\.org|s3::|gcs::|https?:\/\/|hg::)/.test(source)) return false;
  if (source.includes("?ref=") || source.endsWith(".zip")) return false;
  return /^([a-z0-9.-]+\/)?[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+(\/\/.*)?$/.test(source);
}

const parsed = new Map(); // sha256 of the text -> parsed JSON (never mutated by the checks)

async function parseCached(file, text) {
  const key = crypto.createHash("sha256").update(text).digest("hex");
  if (!parsed.has(key)) parsed.set(key, await parse(path.basename(file), text));
  return parsed.get(key);
}

/** Parses <repoRoot>/terraform. */
export async function loadTerraform(repoRoot = REPO_ROOT) {
  const root = path.join(repoRoot, "terraform");
  const files = listTfFiles(root);
  const dirs = new Map();
  for (const file of files) {
    const json = await parseCached(file, fs.readFileSync(file, "utf8"));
    const dir = path.dirname(file);
    if (!dirs.has(dir)) dirs.set(dir, new ModuleDir(dir, repoRoot));
    dirs.get(dir).add(file, json);
  }
  for (const mod of dirs.values()) {
    for (const r of mod.resources) if (r.body.for_each !== undefined) r.instances = await forEachInstances(mod, r.body.for_each);
  }
  return { repoRoot, root, files, dirs: [...dirs.values()] };
}

/** Every resource of a type in every folder, with the folder it lives in. */
export function allResources(tf, type) {
  return tf.dirs.flatMap((d) => d.resourcesOf(type));
}

export function allData(tf, type) {
  return tf.dirs.flatMap((d) => d.dataOf(type));
}

export function dirByRel(tf, rel) {
  return tf.dirs.find((d) => d.rel === rel);
}

/** Module calls whose source resolves to `modules/<name>`, with the folder that calls. */
export function callsOf(tf, moduleName) {
  return tf.dirs.flatMap((d) =>
    d.modules
      .filter((m) => typeof m.body.source === "string" && isLocalSource(m.body.source) && path.basename(m.body.source) === moduleName)
      .map((m) => ({ ...m, mod: d })),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Reference resolution
// ---------------------------------------------------------------------------------------------------------

const WHOLE_REF = /^\$\{(var|local)\.([A-Za-z0-9_-]+)\}$/;
const INNER_REF = /\$\{(var|local)\.([A-Za-z0-9_-]+)\}/g;

/**
 * Contexts a folder is evaluated in: one per `module` block that calls it (with that call's arguments), or a
 * single context with only the variable defaults if nothing calls it (a root folder).
 */
export function contextsOf(tf, mod) {
  const contexts = [];
  for (const caller of tf.dirs) {
    for (const call of caller.modules) {
      const source = call.body.source;
      if (typeof source !== "string" || !isLocalSource(source)) continue;
      if (path.resolve(caller.dir, source) !== mod.dir) continue;
      for (const parent of contextsOf(tf, caller)) {
        contexts.push({ mod, args: call.body, parent, label: `${caller.rel} module.${call.name}`, root: parent.root });
      }
    }
  }
  if (contexts.length === 0) contexts.push({ mod, args: null, parent: null, label: `${mod.rel} (defaults)`, root: mod.rel });
  return contexts;
}

function lookup(kind, name, ctx, depth) {
  if (kind === "local") {
    if (!(name in ctx.mod.locals)) return undefined;
    return resolve(ctx.mod.locals[name], ctx, depth + 1);
  }
  if (ctx.args && name in ctx.args) return resolve(ctx.args[name], ctx.parent, depth + 1);
  const variable = ctx.mod.variables[name];
  if (variable && "default" in variable.body) return resolve(variable.body.default, ctx, depth + 1);
  return undefined;
}

/**
 * Replaces `${var.x}` and `${local.x}` by what they evaluate to in ctx, where that is known statically.
 * Anything else (resource attributes, function calls) stays as the "${...}" string hcl2json produced.
 */
export function resolve(value, ctx, depth = 0) {
  if (depth > 25 || ctx == null) return value;
  if (Array.isArray(value)) return value.map((v) => resolve(v, ctx, depth));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, ctx, depth)]));
  }
  if (typeof value !== "string") return value;
  const whole = value.match(WHOLE_REF);
  if (whole) {
    const found = lookup(whole[1], whole[2], ctx, depth);
    return found === undefined ? value : found;
  }
  return value.replace(INNER_REF, (match, kind, name) => {
    const found = lookup(kind, name, ctx, depth);
    return ["string", "number", "boolean"].includes(typeof found) ? String(found) : match;
  });
}

/** The values an expression takes in every context of its folder. */
export function resolveAll(tf, mod, value) {
  return contextsOf(tf, mod).map((ctx) => ({ ctx, value: resolve(value, ctx) }));
}

/** True when a value is a plain literal, with no expression left in it. */
export function isLiteral(value) {
  if (typeof value === "string") return !value.includes("${");
  return typeof value === "number" || typeof value === "boolean";
}

/** Terraform accepts "30" and 30 alike for numbers; so do the checks. */
export function num(value) {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return NaN;
}

/** HCL blocks come back as arrays of bodies; attributes do not. */
export function block(body, name) {
  const v = body?.[name];
  if (Array.isArray(v)) return v[0];
  return v;
}

export function blocks(body, name) {
  const v = body?.[name];
  if (v == null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Parses Java-style `key=value` lines, e.g. an MSK configuration's server_properties. */
export function parseProperties(text) {
  const props = {};
  for (const raw of String(text).split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const i = line.indexOf("=");
    if (i > 0) props[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return props;
}

/** The string forms of every expression inside a value (attributes, nested blocks, lists). */
export function expressionsIn(value, out = []) {
  if (typeof value === "string") {
    if (value.includes("${")) out.push(value);
  } else if (Array.isArray(value)) value.forEach((v) => expressionsIn(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => expressionsIn(v, out));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// for_each instances
// ---------------------------------------------------------------------------------------------------------
//
// A resource with `for_each = local.x` (or a literal map) becomes one record per instance, with `each.key` and
// `each.value...` replaced, so a check sees every alarm or rule of a for_each map as if it were written out.
// local.x may be a literal map, `merge(...)` of such parts, or `{ for a, b in ... : "key-${a}" => { ... } }`;
// the instances of a `for` expression are one template whose key and values keep `${a}`. Anything else
// (toset(var.x), another resource's attributes) is not followed: the resource stays one record, as written.

/**
 * Scans HCL expression text and calls visit(i, depth) for every character outside strings and comments, with
 * the bracket depth there. Template interpolations inside strings count as code.
 */
function scan(text, visit) {
  const stack = []; // "(" "[" "{" for brackets, '"' for a string, "$" for an interpolation inside a string
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const top = stack.at(-1);
    if (top === '"') {
      if (ch === "\\") i++;
      else if (ch === '"') stack.pop();
      else if (ch === "$" && text[i + 1] === "{") {
        stack.push("$");
        i++;
      }
      continue;
    }
    if (ch === "#" || (ch === "/" && text[i + 1] === "/")) {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    if (ch === '"') {
      stack.push('"');
      continue;
    }
    if (visit(i, stack.length) === false) return;
    if ("([{".includes(ch)) stack.push(ch);
    else if (")]}".includes(ch)) stack.pop();
  }
}

/** The index of `token` at bracket depth 0 of text (outside strings and comments), from `from` on; -1 if none. */
function topLevelIndex(text, token, from = 0) {
  let found = -1;
  scan(text, (i, depth) => {
    if (i >= from && depth === 0 && text.startsWith(token, i)) {
      found = i;
      return false;
    }
  });
  return found;
}

/** Splits text at its top-level commas (a trailing comma leaves no empty part). */
function splitTopLevel(text) {
  const parts = [];
  let start = 0;
  scan(text, (i, depth) => {
    if (depth === 0 && text[i] === ",") {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  });
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Parses the source text of one HCL expression into what hcl2json makes of it. */
async function parseExpression(text) {
  try {
    const json = await parse("expression.tf", `locals {\n  value = ${text}\n}\n`);
    return json.locals?.[0]?.value;
  } catch {
    return undefined;
  }
}

/** `${ ... }` as a whole (one interpolation, nothing around it): its inside, else null. */
function wholeInterpolation(value) {
  if (typeof value !== "string" || !value.startsWith("${") || !value.endsWith("}")) return null;
  const inner = value.slice(2, -1);
  return topLevelIndex(inner, "}") === -1 ? inner : null;
}

async function forEachInstances(mod, forEach, depth = 0) {
  if (depth > 10) return null;
  if (forEach && typeof forEach === "object" && !Array.isArray(forEach)) {
    return Object.entries(forEach).map(([key, value]) => ({ key, value }));
  }
  const inner = wholeInterpolation(forEach);
  return inner === null ? null : instancesOfText(mod, inner.trim(), depth);
}

async function instancesOfText(mod, text, depth) {
  const local = text.match(/^local\.([A-Za-z0-9_-]+)$/);
  if (local) return local[1] in mod.locals ? forEachInstances(mod, mod.locals[local[1]], depth + 1) : null;
  if (/^merge\(/.test(text) && topLevelIndex(text.slice("merge(".length), ")") === text.length - "merge(".length - 1) {
    const byKey = new Map();
    for (const part of splitTopLevel(text.slice("merge(".length, -1))) {
      const instances = await instancesOfText(mod, part, depth + 1);
      if (!instances) return null;
      for (const i of instances) byKey.set(i.key, i); // later arguments win, as in merge()
    }
    return [...byKey.values()];
  }
  if (!text.startsWith("{") || !text.endsWith("}")) return null;
  const body = text.slice(1, -1).trim();
  if (!/^for\s/.test(body)) {
    const value = await parseExpression(text);
    return value && typeof value === "object" && !Array.isArray(value) ? Object.entries(value).map(([key, v]) => ({ key, value: v })) : null;
  }
  // { for a, b in collection : key => value }: one template instance
  const colon = topLevelIndex(body, ":");
  const arrow = topLevelIndex(body, "=>", colon + 1);
  if (colon === -1 || arrow === -1 || topLevelIndex(body, " if ", arrow) !== -1) return null;
  const keyText = body.slice(colon + 1, arrow).trim();
  const value = await parseExpression(body.slice(arrow + 2).trim());
  if (value === undefined) return null;
  const key = /^"[^"]*"$/.test(keyText) ? keyText.slice(1, -1) : `\${${keyText}}`;
  return [{ key, value, template: true }];
}

const EACH_REF = /(?<![\w.])each\.(key|value)((?:\.[A-Za-z_][\w-]*)*)/g;

function eachValue(instance, kind, attrs) {
  if (kind === "key") return { found: true, value: instance.key };
  let value = instance.value;
  for (const attr of attrs.split(".").filter(Boolean)) {
    if (!value || typeof value !== "object" || !(attr in value)) return { found: false };
    value = value[attr];
  }
  return { found: true, value };
}

/** How a value reads inside a larger expression. */
function asExpression(value) {
  const inner = wholeInterpolation(value);
  if (inner !== null) return `(${inner})`;
  if (value === null) return "null";
  return typeof value === "string" ? JSON.stringify(value) : typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** A literal of HCL source text (null, a number, a bool, a plain string), else the text as an expression. */
function literalOf(text) {
  const t = text.trim();
  if (t === "null") return null;
  if (t === "true" || t === "false") return t === "true";
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^"[^"$\\]*"$/.test(t)) return t.slice(1, -1);
  return `\${${t}}`;
}

/** Replaces each.key / each.value.x in one string of a resource body. */
function substituteString(text, instance) {
  const whole = wholeInterpolation(text);
  if (whole !== null) {
    const expr = whole.trim();
    const ref = expr.match(/^each\.(key|value)((?:\.[A-Za-z_][\w-]*)*)$/);
    if (ref) {
      const { found, value } = eachValue(instance, ref[1], ref[2]);
      return found ? value : text;
    }
    // try(<expression with each...>, <default>): the default where the instance lacks what the expression reads
    const tryCall = expr.match(/^try\(([\s\S]*)\)$/);
    const args = tryCall && topLevelIndex(tryCall[1], ")") === -1 ? splitTopLevel(tryCall[1]) : null;
    if (args?.length === 2 && new RegExp(EACH_REF.source).test(args[0])) {
      const refs = [...args[0].matchAll(EACH_REF)];
      return refs.every((m) => eachValue(instance, m[1], m[2]).found) ? substituteString(`\${${args[0]}}`, instance) : literalOf(args[1]);
    }
  }
  let out = "";
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf("${", i);
    if (start === -1) break;
    const close = topLevelIndex(text.slice(start + 2), "}");
    if (close === -1) break;
    const inner = text.slice(start + 2, start + 2 + close);
    const ref = inner.trim().match(/^each\.(key|value)((?:\.[A-Za-z_][\w-]*)*)$/);
    let replaced;
    if (ref) {
      const { found, value } = eachValue(instance, ref[1], ref[2]);
      replaced = found && (typeof value !== "object" || value === null) ? String(value) : `\${${inner}}`;
    } else {
      replaced = `\${${inner.replace(EACH_REF, (m, kind, attrs) => {
        const { found, value } = eachValue(instance, kind, attrs);
        return found ? asExpression(value) : m;
      })}}`;
    }
    out += text.slice(i, start) + replaced;
    i = start + 2 + close + 1;
  }
  return out + text.slice(i);
}

/** A resource body with each.key and each.value... replaced by one instance's key and value. */
export function substituteEach(value, instance) {
  if (typeof value === "string") return value.includes("each.") ? substituteString(value, instance) : value;
  if (Array.isArray(value)) return value.map((v) => substituteEach(v, instance));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEach(v, instance)]));
  return value;
}
