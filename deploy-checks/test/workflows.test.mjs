// GitHub workflows against the workflow schema (@action-validator/core, the SchemaStore schema compiled to
// WASM) and dependabot.yml against schemas/dependabot-2.0.schema.json (ajv), plus the facts the project
// relies on: the same test command as locally, Mandrel for native, actions pinned by major version.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import Ajv from "ajv";
import YAML from "yaml";
import { REPO_ROOT } from "../lib/terraform.mjs";

const require = createRequire(import.meta.url);
const actionValidator = require("@action-validator/core");

const WORKFLOWS = path.join(REPO_ROOT, ".github", "workflows");
const read = (...p) => fs.readFileSync(path.join(...p), "utf8");
const workflowFiles = () => fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const workflow = (name) => YAML.parse(read(WORKFLOWS, name));
const steps = (wf) => Object.values(wf.jobs).flatMap((job) => job.steps ?? []);
const runs = (wf) => steps(wf).map((s) => s.run ?? "").join("\n");

test("the workflows ci.yml, native.yml and terraform.yml exist", () => {
  for (const f of ["ci.yml", "native.yml", "terraform.yml"]) {
    assert.ok(workflowFiles().includes(f), `.github/workflows/${f} is missing`);
  }
});

test("every workflow validates against the GitHub workflow schema", () => {
  for (const f of workflowFiles()) {
    const result = actionValidator.validateWorkflow(read(WORKFLOWS, f));
    assert.deepEqual(result.errors, [], `.github/workflows/${f}:\n${JSON.stringify(result.errors, null, 2)}`);
  }
});

test("every action is pinned to a major version or a commit", () => {
  for (const f of workflowFiles()) {
    for (const step of steps(workflow(f))) {
      if (!step.uses || step.uses.startsWith("./") || step.uses.startsWith("docker://")) continue;
      assert.match(step.uses, /^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/, `${f}: ${step.uses}`);
    }
  }
});

test("ci, native and terraform workflows have a concurrency group and read-only default permissions", () => {
  for (const f of ["ci.yml", "native.yml", "terraform.yml"]) {
    const wf = workflow(f);
    assert.ok(wf.concurrency?.group, `${f}: no concurrency group`);
    assert.equal(wf.permissions?.contents, "read", `${f}: permissions.contents should be read`);
  }
});

test("ci.yml: push and pull_request, Temurin 17 with the Maven cache, ./flashcart test as root, reports kept", () => {
  const wf = workflow("ci.yml");
  assert.ok("push" in wf.on && "pull_request" in wf.on, "ci.yml must run on push and pull_request");
  const java = steps(wf).find((s) => s.uses?.startsWith("actions/setup-java@"));
  assert.ok(java, "ci.yml: no actions/setup-java");
  assert.equal(java.with.distribution, "temurin");
  assert.equal(String(java.with["java-version"]), "17");
  assert.equal(java.with.cache, "maven");
  assert.match(runs(wf), /sudo .*\.\/flashcart test/, "ci.yml must run sudo ./flashcart test");
  const upload = steps(wf).find((s) => s.uses?.startsWith("actions/upload-artifact@"));
  assert.ok(upload, "ci.yml: reports are not uploaded");
  assert.match(upload.if ?? "", /always\(\)/, "ci.yml: upload reports also when tests fail");
  assert.match(upload.with.path, /surefire-reports/);
  assert.match(upload.with.path, /failsafe-reports/);
});

test("native.yml: Mandrel, local infrastructure, native ITs, micro image", () => {
  const wf = workflow("native.yml");
  const graal = steps(wf).find((s) => s.uses?.startsWith("graalvm/setup-graalvm@"));
  assert.ok(graal, "native.yml: no graalvm/setup-graalvm");
  assert.equal(graal.with.distribution, "mandrel");
  assert.ok(["17", "21"].includes(String(graal.with["java-version"])), "native.yml: Mandrel for JDK 17 or 21");
  const all = runs(wf);
  assert.match(all, /sudo .*\.\/flashcart infra/);
  assert.match(all, /\.\/mvnw .*verify .*-Dnative/);
  assert.match(all, /docker build -f src\/main\/docker\/Dockerfile\.native-micro/);
  const order = ["./flashcart infra", "-Dnative", "docker build"].map((s) => all.indexOf(s));
  assert.deepEqual([...order].sort((a, b) => a - b), order, "native.yml: infra, then native verify, then image");
});

test("terraform.yml: triggered by terraform/**, fmt -check -recursive, init -backend=false and validate", () => {
  const wf = workflow("terraform.yml");
  for (const event of ["push", "pull_request"]) {
    assert.ok(wf.on[event]?.paths?.includes("terraform/**"), `terraform.yml: ${event} must filter on terraform/**`);
  }
  assert.ok(steps(wf).some((s) => s.uses?.startsWith("hashicorp/setup-terraform@")), "no hashicorp/setup-terraform");
  const all = runs(wf);
  assert.match(all, /terraform fmt -check -recursive/);
  assert.match(all, /init -backend=false/);
  assert.match(all, /validate/);
});

test("dependabot.yml validates against its schema and covers maven, actions, terraform and npm", () => {
  const schema = JSON.parse(read(REPO_ROOT, "deploy-checks", "schemas", "dependabot-2.0.schema.json"));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const config = YAML.parse(read(REPO_ROOT, ".github", "dependabot.yml"));
  assert.ok(validate(config), `dependabot.yml:\n${JSON.stringify(validate.errors, null, 2)}`);

  const dirsOf = (eco) => config.updates.filter((u) => u["package-ecosystem"] === eco).flatMap((u) => u.directories ?? [u.directory]);
  assert.ok(dirsOf("maven").includes("/"), "maven at /");
  assert.ok(dirsOf("github-actions").includes("/"), "github-actions at /");
  assert.ok(dirsOf("npm").includes("/deploy-checks"), "npm at /deploy-checks");

  // Every Terraform folder with a versions.tf is watched.
  const tfDirs = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== ".terraform") walk(path.join(dir, e.name));
      else if (e.name === "versions.tf") tfDirs.push("/" + path.relative(REPO_ROOT, dir).split(path.sep).join("/"));
    }
  };
  walk(path.join(REPO_ROOT, "terraform"));
  const patterns = dirsOf("terraform").map((d) => new RegExp("^" + d.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]+") + "$"));
  for (const d of tfDirs) assert.ok(patterns.some((p) => p.test(d)), `dependabot.yml: terraform folder ${d} is not covered`);
});
