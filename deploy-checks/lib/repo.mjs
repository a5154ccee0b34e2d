// A checkout to check: the real repository, or a mutated copy of it (test/mutations.test.mjs). Every check gets
// one of these and reads files through it, never through REPO_ROOT directly.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { loadTerraform, REPO_ROOT } from "./terraform.mjs";

export { REPO_ROOT };

/** Checks live beside this folder; their data (schemas, closed-value table) is read from the real checkout. */
export const CHECKS_ROOT = path.join(REPO_ROOT, "deploy-checks");

export function readData(name) {
  return JSON.parse(fs.readFileSync(path.join(CHECKS_ROOT, "data", name), "utf8"));
}

export class Repo {
  constructor(root) {
    this.root = root;
  }

  static async open(root = REPO_ROOT) {
    const repo = new Repo(root);
    repo.tf = await loadTerraform(root);
    return repo;
  }

  path(rel) {
    return path.join(this.root, rel);
  }

  exists(rel) {
    return fs.existsSync(this.path(rel));
  }

  read(rel) {
    return fs.readFileSync(this.path(rel), "utf8");
  }

  workflowFiles() {
    return fs.readdirSync(this.path(".github/workflows")).filter((f) => /\.ya?ml$/.test(f)).sort();
  }

  workflow(name) {
    return YAML.parse(this.read(`.github/workflows/${name}`));
  }
}

/**
 * Collects every problem a check finds and fails once with all of them, so one run names every broken place
 * rather than the first.
 */
export class Problems {
  constructor() {
    this.list = [];
  }

  add(message) {
    this.list.push(message);
  }

  check(condition, message) {
    if (!condition) this.add(message);
    return condition;
  }

  done(what = "problems") {
    assert.ok(this.list.length === 0, `${this.list.length} ${what}:\n  - ${this.list.join("\n  - ")}`);
  }
}

export const where = (r) => `${r.mod.rel}/${r.file}: ${r.type}.${r.name}${r.key === undefined ? "" : `[${JSON.stringify(r.key)}]`}`;

export function requireSome(list, what) {
  assert.ok(list.length > 0, `expected at least one ${what} under terraform/`);
  return list;
}
