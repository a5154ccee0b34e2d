// Terraform held against the schemas it is written for, as `terraform validate` would with the providers
// installed (they cannot be downloaded where these checks run):
//   - every resource, data source and ephemeral resource: its type exists; every argument and nested block is
//     one the provider knows, at the right nesting; required arguments and blocks are there; literal values
//     have the argument's type (hashicorp/aws 6.25.0 via @cdktf/provider-aws, data/extra-provider-schemas.json
//     for terraform_data and random_password);
//   - every reference (var., local., module.<call>.<output>, <type>.<name>.<attribute>, data., ephemeral.)
//     names something declared, and an attribute the type has;
//   - every module call passes only inputs the module declares and every input it requires (local modules from
//     their variables.tf; registry modules from data/modules/<module>-<version>.json, taken from the module's
//     variables.tf at the pinned version).
import path from "node:path";
import { awsSchema } from "../lib/aws-schema.mjs";
import { isLocalSource, isRegistrySource } from "../lib/terraform.mjs";
import { Problems, readData } from "../lib/repo.mjs";

const META = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"]);
const MODULE_META = new Set(["source", "version", "providers", "count", "for_each", "depends_on"]);

const extras = readData("extra-provider-schemas.json");

/** A schema node for a block type: { props: name -> descriptor, structOf: id -> props }. */
function typeSchema(kind, type) {
  const aws = awsSchema();
  if (kind === "ephemeral") {
    const e = extras.ephemeral[type];
    return e && { props: e.args, attrs: new Set(e.attrs) };
  }
  const extra = kind === "resource" ? extras.resources[type] : undefined;
  if (extra) return { props: extra.args, attrs: new Set(extra.attrs) };
  const entry = (kind === "resource" ? aws.resources : aws.data)[type];
  return entry && { props: aws.structs[entry.config], attrs: new Set(entry.attrs) };
}

function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

function suggest(name, candidates) {
  let best;
  for (const c of candidates) {
    const dist = distance(name, c);
    if (dist <= 3 && (!best || dist < best.dist)) best = { c, dist };
  }
  return best ? ` (did you mean "${best.c}"?)` : "";
}

const isExpr = (v) => typeof v === "string" && v.includes("${");

function typeProblem(value, desc) {
  if (desc.t === "any" || isExpr(value)) return null;
  const kind = Array.isArray(value) ? "list" : value === null ? "null" : typeof value;
  switch (desc.t) {
    case "string":
      return ["string", "number", "boolean", "null"].includes(kind) ? null : `a string, not a ${kind}`;
    case "number":
      if (kind === "number" || kind === "null") return null;
      if (kind === "string" && /^-?\d+(\.\d+)?$/.test(value)) return null;
      return `a number, not ${JSON.stringify(value)}`;
    case "bool":
      if (kind === "boolean" || kind === "null") return null;
      if (kind === "string" && (value === "true" || value === "false")) return null;
      return `a bool, not ${JSON.stringify(value)}`;
    case "list":
      if (kind !== "list") return `a list, not a ${kind}`;
      for (const item of value) {
        const p = desc.el && typeProblem(item, { t: desc.el });
        if (p) return `a list of ${desc.el}: an element must be ${p}`;
      }
      return null;
    case "map":
      if (kind !== "object") return `a map, not a ${kind}`;
      for (const item of Object.values(value)) {
        const p = desc.el && typeProblem(item, { t: desc.el });
        if (p) return `a map of ${desc.el}: a value must be ${p}`;
      }
      return null;
    default:
      return null;
  }
}

function validateBody(body, props, at, problems, structs) {
  const present = new Set();
  for (const [key, value] of Object.entries(body ?? {})) {
    if (META.has(key)) continue;
    if (key === "dynamic") {
      for (const [name, dyns] of Object.entries(value)) {
        const desc = props[name];
        if (!desc || desc.t !== "block") {
          problems.add(`${at}: dynamic "${name}" is not a nested block of this type${suggest(name, Object.keys(props))}`);
          continue;
        }
        present.add(name);
        for (const dyn of dyns) for (const content of dyn.content ?? []) validateBody(content, structs[desc.s], `${at}.${name}`, problems, structs);
      }
      continue;
    }
    const desc = props[key];
    if (!desc) {
      problems.add(`${at}: unknown argument or block "${key}"${suggest(key, Object.keys(props))}`);
      continue;
    }
    present.add(key);
    if (desc.t === "block") {
      if (isExpr(value)) continue;
      const items = Array.isArray(value) ? value : [value];
      if (desc.nest === "single" && items.length > 1) problems.add(`${at}: block "${key}" may appear only once`);
      for (const item of items) {
        if (item && typeof item === "object" && !Array.isArray(item)) validateBody(item, structs[desc.s], `${at}.${key}`, problems, structs);
        else if (!isExpr(item)) problems.add(`${at}: "${key}" is a nested block, not ${JSON.stringify(item)}`);
      }
    } else if (Array.isArray(value) && value.length > 0 && value.every((v) => v && typeof v === "object" && !Array.isArray(v)) && desc.t !== "list" && desc.t !== "any") {
      problems.add(`${at}: "${key}" is an argument (${desc.t}), not a block`);
    } else {
      const p = typeProblem(value, desc);
      if (p) problems.add(`${at}: "${key}" must be ${p}`);
    }
  }
  for (const [name, desc] of Object.entries(props)) {
    if (desc.req && !present.has(name)) problems.add(`${at}: missing required ${desc.t === "block" ? "block" : "argument"} "${name}"`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------------------------------------

/** The text inside each ${ ... } of a string, with quoted strings inside the expression blanked out. */
function expressionBodies(text) {
  const out = [];
  let i = text.indexOf("${");
  while (i !== -1) {
    let depth = 0;
    let j = i + 1;
    let body = "";
    let quote = false;
    for (; j < text.length; j++) {
      const ch = text[j];
      if (quote) {
        if (ch === "\\") j++;
        else if (ch === '"') quote = false;
        body += " ";
        continue;
      }
      if (ch === '"') {
        quote = true;
        body += " ";
        continue;
      }
      if (ch === "{") depth++;
      else if (ch === "}") {
        depth--;
        if (depth === 0) break;
      }
      body += ch;
    }
    out.push(body.slice(1));
    i = text.indexOf("${", j);
  }
  return out;
}

function stringsIn(value, out = []) {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

const REF_PATTERNS = [
  { kind: "var", re: /(?<![\w.])var\.([A-Za-z_][\w-]*)/g },
  { kind: "local", re: /(?<![\w.])local\.([A-Za-z_][\w-]*)/g },
  { kind: "module", re: /(?<![\w.])module\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][\w-]*))?/g },
  { kind: "data", re: /(?<![\w.])data\.([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][\w-]*))?/g },
  { kind: "ephemeral", re: /(?<![\w.])ephemeral\.([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][\w-]*))?/g },
  { kind: "resource", re: /(?<![\w.])((?:aws|random)_[a-z0-9_]+|terraform_data)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][\w-]*))?/g },
];

function moduleInterface(tf, mod, call) {
  const source = String(call.body.source);
  if (isLocalSource(source)) {
    const target = tf.dirs.find((d) => d.dir === path.resolve(mod.dir, source));
    return target && { inputs: Object.fromEntries(Object.entries(target.variables).map(([n, v]) => [n, { required: !("default" in v.body) }])), outputs: Object.keys(target.outputs), label: target.rel };
  }
  if (isRegistrySource(source)) {
    const [ns, name] = source.split("//")[0].split("/").slice(-3);
    try {
      const data = readData(`modules/${ns}-${name}-${call.body.version}.json`);
      return { inputs: data.inputs, outputs: data.outputs, label: `${source} ${call.body.version}` };
    } catch {
      return null;
    }
  }
  return null;
}

function checkReferences(tf, mod, problems) {
  const declared = {
    resource: new Map(mod.resources.map((r) => [`${r.type}.${r.name}`, r.type])),
    data: new Map(mod.dataSources.map((r) => [`${r.type}.${r.name}`, r.type])),
    ephemeral: new Map(mod.ephemerals.map((r) => [`${r.type}.${r.name}`, r.type])),
  };
  const calls = new Map(mod.modules.map((m) => [m.name, m]));
  const sources = [
    ...[...mod.resources, ...mod.dataSources, ...mod.ephemerals].map((r) => ({ at: `${mod.rel}/${r.file}: ${r.kind === "resource" ? "" : r.kind + "."}${r.type}.${r.name}`, value: r.body })),
    ...mod.modules.map((m) => ({ at: `${mod.rel}/${m.file}: module.${m.name}`, value: m.body })),
    ...Object.entries(mod.outputs).map(([n, o]) => ({ at: `${mod.rel}/${o.file}: output.${n}`, value: o.body })),
    ...Object.entries(mod.variables).map(([n, v]) => ({ at: `${mod.rel}/${v.file}: variable.${n}`, value: v.body.validation ?? [] })),
    ...Object.entries(mod.locals).map(([n, v]) => ({ at: `${mod.rel}: local.${n}`, value: v })),
  ];
  const seen = new Set();
  for (const { at, value } of sources) {
    for (const text of stringsIn(value)) {
      for (const expr of expressionBodies(text)) {
        for (const { kind, re } of REF_PATTERNS) {
          for (const m of expr.matchAll(re)) {
            const problem = referenceProblem(tf, mod, kind, m, declared, calls);
            const key = `${at}|${problem}`;
            if (problem && !seen.has(key)) {
              seen.add(key);
              problems.add(`${at}: ${problem}`);
            }
          }
        }
      }
    }
  }
}

function referenceProblem(tf, mod, kind, m, declared, calls) {
  switch (kind) {
    case "var":
      return m[1] in mod.variables ? null : `var.${m[1]} is not declared${suggest(m[1], Object.keys(mod.variables))}`;
    case "local":
      return m[1] in mod.locals ? null : `local.${m[1]} is not declared${suggest(m[1], Object.keys(mod.locals))}`;
    case "module": {
      const call = calls.get(m[1]);
      if (!call) return `module.${m[1]} is not declared${suggest(m[1], [...calls.keys()])}`;
      if (!m[2]) return null;
      const iface = moduleInterface(tf, mod, call);
      if (!iface) return null; // reported by the module-call check
      return iface.outputs.includes(m[2]) ? null : `module.${m[1]}.${m[2]}: ${iface.label} has no output "${m[2]}"${suggest(m[2], iface.outputs)}`;
    }
    default: {
      const map = declared[kind];
      const [type, name, attr] = [m[1], m[2], m[3]];
      const prefix = kind === "resource" ? "" : `${kind}.`;
      if (!map.has(`${type}.${name}`)) {
        return `${prefix}${type}.${name} is not declared in this folder${suggest(`${type}.${name}`, [...map.keys()])}`;
      }
      if (!attr) return null;
      const schema = typeSchema(kind, type);
      if (!schema || schema.attrs.has(attr)) return null;
      return `${prefix}${type}.${name}.${attr}: ${type} has no attribute "${attr}"${suggest(attr, [...schema.attrs])}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------------------

export const checks = [
  {
    id: "schema",
    title: "every resource, data and ephemeral block matches the provider schema (names, nesting, required, types)",
    run(repo) {
      const problems = new Problems();
      const { structs } = awsSchema();
      let count = 0;
      for (const mod of repo.tf.dirs) {
        for (const r of [...mod.resources, ...mod.dataSources, ...mod.ephemerals]) {
          count++;
          const at = `${mod.rel}/${r.file}: ${r.kind === "resource" ? "" : r.kind + "."}${r.type}.${r.name}`;
          const schema = typeSchema(r.kind, r.type);
          if (!schema) {
            const known = r.kind === "data" ? Object.keys(awsSchema().data) : Object.keys(awsSchema().resources);
            problems.add(`${at}: the provider has no ${r.kind} type "${r.type}"${suggest(r.type, known)}`);
            continue;
          }
          validateBody(r.body, schema.props, at, problems, structs);
        }
      }
      problems.check(count > 50, `only ${count} blocks were checked`);
      problems.done("schema problems");
    },
  },
  {
    id: "references",
    title: "every reference names a declared variable, local, module output, resource and attribute",
    run(repo) {
      const problems = new Problems();
      for (const mod of repo.tf.dirs) checkReferences(repo.tf, mod, problems);
      problems.done("dangling references");
    },
  },
  {
    id: "module-inputs",
    title: "module calls pass only declared inputs and every required one (registry modules: their pinned variables.tf)",
    run(repo) {
      const problems = new Problems();
      for (const mod of repo.tf.dirs) {
        for (const call of mod.modules) {
          const at = `${mod.rel}/${call.file}: module.${call.name}`;
          const source = String(call.body.source);
          if (isRegistrySource(source)) {
            problems.check(/^\d+\.\d+\.\d+$/.test(String(call.body.version ?? "")), `${at}: a registry module is pinned to one exact version, got "${call.body.version}"`);
          }
          const iface = moduleInterface(repo.tf, mod, call);
          if (!iface) {
            problems.add(`${at}: no interface known for ${source} ${call.body.version ?? ""} (local folder missing, or no data/modules/ file for that version)`);
            continue;
          }
          const args = Object.keys(call.body).filter((k) => !MODULE_META.has(k));
          for (const arg of args) {
            problems.check(arg in iface.inputs, `${at}: ${iface.label} has no input "${arg}"${suggest(arg, Object.keys(iface.inputs))}`);
          }
          for (const [name, input] of Object.entries(iface.inputs)) {
            if (input.required) problems.check(args.includes(name), `${at}: required input "${name}" of ${iface.label} is not passed`);
          }
        }
      }
      problems.done("module call problems");
    },
  },
];
