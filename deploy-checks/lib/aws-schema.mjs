// The AWS provider's own schema, from @cdktf/provider-aws (its .jsii assembly is generated from
// `terraform providers schema` of hashicorp/aws: 21.22.1 <- 6.25.0). For every resource and data source it
// gives the arguments (Config struct properties: name, optionality, type), the nested blocks (struct-typed
// properties, single or list) and the readable attributes (the class's getters).
//
// The assembly is 130 MB of JSON; the compact schema extracted from it is cached under node_modules/.cache
// (keyed by the package version and the assembly's fingerprint), so only the first run pays the parse.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const PACKAGE = "@cdktf/provider-aws";
const FORMAT = 2; // of the cached extract: raise when extract() changes

const snake = (camel) => camel.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
const DOC_LINK = /registry\.terraform\.io\/providers\/hashicorp\/aws\/[\d.]+\/docs\/(resources|data-sources)\/([a-z0-9_]+)(?:#([a-z0-9_]+))?/;

function packageInfo() {
  const pkgFile = require.resolve(`${PACKAGE}/package.json`);
  const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
  return { dir: path.dirname(pkgFile), version: pkg.version, provider: pkg.cdktf?.provider };
}

/** Terraform's name of a jsii property: from its registry link when it has one (self -> selfAttribute ...). */
function tfName(prop) {
  const text = `${prop.docs?.summary ?? ""} ${prop.docs?.remarks ?? ""}`;
  const m = text.match(DOC_LINK);
  return m?.[3] ?? snake(prop.name);
}

function extract(assembly) {
  const types = assembly.types;
  const structs = []; // index -> { name: descriptor }
  const structIndex = new Map(); // fqn -> index

  const describe = (type) => {
    if (type.primitive) return { t: type.primitive === "boolean" ? "bool" : type.primitive === "number" ? "number" : type.primitive === "string" ? "string" : "any" };
    if (type.fqn) {
      const target = types[type.fqn];
      if (target?.kind === "interface" && target.datatype && type.fqn.startsWith(`${PACKAGE}.`)) return { t: "block", nest: "single", s: struct(type.fqn) };
      return { t: "any", resolvable: type.fqn === "cdktf.IResolvable" };
    }
    if (type.collection) {
      const el = describe(type.collection.elementtype);
      const kind = type.collection.kind === "array" ? "list" : "map";
      if (el.t === "block") return { t: "block", nest: kind, s: el.s };
      return { t: kind, el: el.t };
    }
    if (type.union) {
      const parts = type.union.types.map(describe).filter((d) => !d.resolvable);
      return parts.length === 1 ? parts[0] : { t: "any" };
    }
    return { t: "any" };
  };

  function struct(fqn) {
    if (structIndex.has(fqn)) return structIndex.get(fqn);
    const index = structs.length;
    structIndex.set(fqn, index);
    structs.push(null);
    const props = {};
    for (const prop of types[fqn].properties ?? []) {
      const d = describe(prop.type);
      const out = { t: d.t };
      if (!prop.optional) out.req = true;
      if (d.el) out.el = d.el;
      if (d.nest) out.nest = d.nest;
      if (d.s !== undefined) out.s = d.s;
      props[tfName(prop)] = out;
    }
    structs[index] = props;
    return index;
  }

  const resources = {};
  const data = {};
  for (const [fqn, type] of Object.entries(types)) {
    if (type.kind !== "class") continue;
    const m = (type.docs?.summary ?? "").match(/Represents a \{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/[\d.]+\/docs\/(resources|data-sources)\/[a-z0-9_]+ (aws_[a-z0-9_]+)\}/);
    if (!m) continue;
    // The constructor's third parameter is the Config struct (usually <Class>Config; renamed on a clash, as in
    // Wafv2WebAclAssociationConfigA).
    const configFqn = type.initializer?.parameters?.[2]?.type?.fqn;
    if (!configFqn || !types[configFqn]) continue;
    const attrs = new Set((type.properties ?? []).filter((p) => !p.static).map((p) => snake(p.name)));
    const entry = { config: struct(configFqn), attrs: [...attrs].sort() };
    (m[1] === "resources" ? resources : data)[m[2]] = entry;
  }
  return { structs, resources, data };
}

let loaded;

/** The compact schema: { package, providerVersion, structs, resources, data }. */
export function awsSchema() {
  if (loaded) return loaded;
  const info = packageInfo();
  const jsiiFile = path.join(info.dir, ".jsii");
  const fingerprint = fs.statSync(jsiiFile).size;
  const cacheDir = path.join(HERE, "..", "node_modules", ".cache", "flashcart-deploy-checks");
  const cacheFile = path.join(cacheDir, `aws-schema-v${FORMAT}-${info.version}-${fingerprint}.json`);
  if (fs.existsSync(cacheFile)) {
    loaded = JSON.parse(fs.readFileSync(cacheFile, "utf8"));
    return loaded;
  }
  const assembly = JSON.parse(fs.readFileSync(jsiiFile, "utf8"));
  const extracted = extract(assembly);
  loaded = { package: `${PACKAGE}@${info.version}`, providerVersion: info.provider?.version, ...extracted };
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(loaded));
  fs.renameSync(tmp, cacheFile);
  return loaded;
}

// `node lib/aws-schema.mjs` builds the cache once before the test files run in parallel.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const s = awsSchema();
  console.log(`${s.package} (hashicorp/aws ${s.providerVersion}): ${Object.keys(s.resources).length} resources, ${Object.keys(s.data).length} data sources`);
}
