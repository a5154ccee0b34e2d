// Loads every .tf file under terraform/ with a real HCL parser (@cdktf/hcl2json, WASM, offline) and offers a
// small resolver for `var.x` / `local.x` references, so a check can ask "what does this attribute become
// when the module is called from envs/prod?" without running Terraform.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const TERRAFORM_ROOT = path.join(REPO_ROOT, "terraform");

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
  constructor(dir) {
    this.dir = dir;
    this.rel = path.relative(REPO_ROOT, dir);
    this.files = {}; // file name -> parsed JSON
    this.variables = {}; // name -> { body, file }
    this.locals = {};
    this.resources = []; // { type, name, body, file }
    this.dataSources = [];
    this.modules = []; // { name, body, file }
    this.terraformBlocks = []; // { body, file }
    this.providers = [];
  }

  add(file, json) {
    const base = path.basename(file);
    this.files[base] = json;
    for (const [name, bodies] of Object.entries(json.variable ?? {})) {
      this.variables[name] = { body: bodies[0], file: base };
    }
    for (const block of json.locals ?? []) Object.assign(this.locals, block);
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [name, bodies] of Object.entries(byName)) {
        this.resources.push({ type, name, body: bodies[0], file: base });
      }
    }
    for (const [type, byName] of Object.entries(json.data ?? {})) {
      for (const [name, bodies] of Object.entries(byName)) {
        this.dataSources.push({ type, name, body: bodies[0], file: base });
      }
    }
    for (const [name, bodies] of Object.entries(json.module ?? {})) {
      this.modules.push({ name, body: bodies[0], file: base });
    }
    for (const body of json.terraform ?? []) this.terraformBlocks.push({ body, file: base });
    for (const [name, bodies] of Object.entries(json.provider ?? {})) {
      this.providers.push({ name, body: bodies[0], file: base });
    }
  }

  resourcesOf(type) {
    return this.resources.filter((r) => r.type === type).map((r) => ({ ...r, mod: this }));
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

let cache;

/** Parses everything once per process. */
export async function loadTerraform(root = TERRAFORM_ROOT) {
  if (cache && cache.root === root) return cache;
  const files = listTfFiles(root);
  const dirs = new Map();
  for (const file of files) {
    const json = await parse(file, fs.readFileSync(file, "utf8"));
    const dir = path.dirname(file);
    if (!dirs.has(dir)) dirs.set(dir, new ModuleDir(dir));
    dirs.get(dir).add(file, json);
  }
  cache = { root, files, dirs: [...dirs.values()] };
  return cache;
}

/** Every resource of a type in every folder, with the folder it lives in. */
export function allResources(tf, type) {
  return tf.dirs.flatMap((d) => d.resourcesOf(type).map((r) => ({ ...r, mod: d })));
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
        contexts.push({ mod, args: call.body, parent, label: `${caller.rel} module.${call.name}` });
      }
    }
  }
  if (contexts.length === 0) contexts.push({ mod, args: null, parent: null, label: `${mod.rel} (defaults)` });
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
