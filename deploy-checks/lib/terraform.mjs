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
  }

  resourcesOf(type) {
    return this.resources.filter((r) => r.type === type).map((r) => ({ ...r, mod: this }));
  }

  dataOf(type) {
    return this.dataSources.filter((r) => r.type === type).map((r) => ({ ...r, mod: this }));
  }

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
