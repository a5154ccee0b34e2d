// The GitHub workflows and dependabot.yml: valid against their schemas (@action-validator/core, the SchemaStore
// workflow schema compiled to WASM; schemas/dependabot-2.0.schema.json with ajv), actions on their current
// major (data/github-actions.json), and the release path the issue asks for: native build in the UBI 9
// builder, the image started and probed, ITs against it, push to ECR by commit, plan on pull requests with a
// read-only role, apply from main in protected environments.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import YAML from "yaml";
import { CHECKS_ROOT, Problems, readData } from "../lib/repo.mjs";

const require = createRequire(import.meta.url);
const actionValidator = require("@action-validator/core");

/** action-validator prints a warning per glob it cannot validate yet; the checks report through errors only. */
function validateWorkflow(text) {
  const { log, warn } = console;
  console.log = console.warn = (...args) => (String(args[0]).includes("Glob validation is not yet supported") ? undefined : log(...args));
  try {
    return actionValidator.validateWorkflow(text);
  } finally {
    Object.assign(console, { log, warn });
  }
}
const actions = readData("github-actions.json");

const jobs = (wf) => Object.entries(wf?.jobs ?? {});
const steps = (wf) => jobs(wf).flatMap(([, job]) => job.steps ?? []);
const runs = (wf) => steps(wf).map((s) => s.run ?? "").join("\n");
const uses = (wf, prefix) => steps(wf).filter((s) => s.uses?.startsWith(prefix));

function load(repo, name, problems) {
  if (!repo.exists(`.github/workflows/${name}`)) {
    problems.add(`.github/workflows/${name} is missing`);
    return null;
  }
  return repo.workflow(name);
}

export const checks = [
  {
    id: "wf-schema",
    title: "every workflow validates against the GitHub workflow schema; dependabot.yml against its schema",
    run(repo) {
      const problems = new Problems();
      for (const f of repo.workflowFiles()) {
        const result = validateWorkflow(repo.read(`.github/workflows/${f}`));
        problems.check(result.errors.length === 0, `.github/workflows/${f}: ${JSON.stringify(result.errors)}`);
      }
      const schema = JSON.parse(fs.readFileSync(path.join(CHECKS_ROOT, "schemas", "dependabot-2.0.schema.json"), "utf8"));
      const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
      const config = YAML.parse(repo.read(".github/dependabot.yml"));
      problems.check(validate(config), `dependabot.yml: ${JSON.stringify(validate.errors)}`);
      problems.done();
    },
  },
  {
    id: "wf-action-versions",
    title: "every action is on its current major version (data/github-actions.json), pinned by major or commit",
    run(repo) {
      const problems = new Problems();
      for (const f of repo.workflowFiles()) {
        for (const step of steps(repo.workflow(f))) {
          if (!step.uses || step.uses.startsWith("./") || step.uses.startsWith("docker://")) continue;
          const m = step.uses.match(/^([\w.-]+\/[\w.-]+)(?:\/[\w./-]+)?@(v(\d+)(?:\.\d+){0,2}|[0-9a-f]{40})$/);
          if (!problems.check(m, `${f}: ${step.uses} must be pinned to a major version or a commit`)) continue;
          const known = actions.actions[m[1]];
          if (!problems.check(known, `${f}: ${m[1]} is not in data/github-actions.json (add its current major with a source)`)) continue;
          if (m[3]) problems.check(Number(m[3]) >= known.major, `${f}: ${step.uses} is behind the current major v${known.major} (${known.source})`);
        }
      }
      problems.done();
    },
  },
  {
    id: "wf-defaults",
    title: "workflows: a concurrency group, read-only default token, id-token only where a job assumes an AWS role",
    run(repo) {
      const problems = new Problems();
      for (const f of repo.workflowFiles()) {
        const wf = repo.workflow(f);
        // A reusable workflow runs inside its caller's group; its deployment jobs carry their own.
        const reusableOnly = Object.keys(wf.on ?? {}).join() === "workflow_call";
        const guarded = jobs(wf).every(([, job]) => !job.environment || job.concurrency?.group);
        problems.check(wf.concurrency?.group || (reusableOnly && guarded), `${f}: no concurrency group`);
        problems.check(wf.permissions && Object.keys(wf.permissions).length === 1 && wf.permissions.contents === "read", `${f}: top-level permissions must be contents: read only`);
        for (const [name, job] of jobs(wf)) {
          const assumes = (job.steps ?? []).some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
          const callsDeploy = typeof job.uses === "string" && job.uses.endsWith("deploy.yml");
          if (job.permissions?.["id-token"] === "write") problems.check(assumes || callsDeploy, `${f}: job ${name} asks for id-token but assumes no role`);
          if (assumes) problems.check(job.permissions?.["id-token"] === "write", `${f}: job ${name} assumes a role without id-token: write`);
        }
      }
      problems.done();
    },
  },
  {
    id: "wf-ci",
    title: "ci.yml: push and pull_request, Temurin 17 with the Maven cache, ./flashcart test as root, reports kept",
    run(repo) {
      const problems = new Problems();
      const wf = load(repo, "ci.yml", problems);
      if (!wf) return problems.done();
      problems.check("push" in wf.on && "pull_request" in wf.on, "ci.yml must run on push and pull_request");
      const java = uses(wf, "actions/setup-java@")[0];
      problems.check(java?.with?.distribution === "temurin" && String(java?.with?.["java-version"]) === "17" && java?.with?.cache === "maven", "ci.yml: Temurin 17 with the Maven cache");
      problems.check(/sudo .*\.\/flashcart test/.test(runs(wf)), "ci.yml must run sudo ./flashcart test");
      const upload = uses(wf, "actions/upload-artifact@")[0];
      problems.check(upload && /always\(\)/.test(upload.if ?? "") && /surefire-reports/.test(upload.with?.path) && /failsafe-reports/.test(upload.with?.path), "ci.yml: upload surefire and failsafe reports, also when tests fail");
      problems.done();
    },
  },
  {
    id: "wf-native",
    title: "native.yml: not on every PR; UBI 9 Mandrel builder; micro image started, probed and tested with the ITs",
    run(repo) {
      const problems = new Problems();
      const wf = load(repo, "native.yml", problems);
      if (!wf) return problems.done();
      const on = wf.on ?? {};
      problems.check(!("push" in on) || on.push?.branches || on.push?.paths, "native.yml must not build on every push");
      problems.check(!("pull_request" in on) || (on.pull_request?.paths?.length ?? 0) > 0, "native.yml must not build on every pull request: filter pull_request by paths");
      problems.check("workflow_dispatch" in on && "workflow_call" in on, "native.yml: workflow_dispatch and workflow_call (the release workflow calls it)");
      const all = runs(wf);
      const builder = actions.quarkus_builder_image.image;
      problems.check(wf.env?.BUILDER_IMAGE === builder, `native.yml: BUILDER_IMAGE must be ${builder} (${actions.quarkus_builder_image.source})`);
      problems.check(/-Dquarkus\.native\.container-build=true/.test(all) && /-Dquarkus\.native\.builder-image="?\$BUILDER_IMAGE"?/.test(all), "native.yml: build the executable inside BUILDER_IMAGE (container build)");
      problems.check(uses(wf, "graalvm/setup-graalvm@").length === 0, "native.yml: no runner-installed GraalVM: its glibc is the runner's, not UBI 9's");
      const order = [/-Dquarkus\.native\.container-build=true/, /docker build -f src\/main\/docker\/Dockerfile\.native-micro/, /\.\/flashcart infra/, /\.github\/scripts\/native-container-check\.sh/, /-Dquarkus\.http\.test-host=/].map((re) => all.search(re));
      problems.check(order.every((i) => i >= 0), "native.yml: needs the container build, the micro image build, ./flashcart infra, native-container-check.sh and the ITs with quarkus.http.test-host");
      problems.check(order.every((i, k) => k === 0 || i > order[k - 1]), "native.yml: build, then image, then infrastructure, then the container check, then the ITs");
      problems.check(/docker run[^\n]*--network host[^\n]*\$IMAGE/.test(all) && /\/q\/health\/live/.test(all), "native.yml: the ITs run against the started image, after /q/health/live answers");
      problems.check(/verify[^\n]*-Dnative/.test(all) && /-Dquarkus\.native\.reuse-existing=true/.test(all), "native.yml: the *IT suite runs with -Dnative against the executable already built");
      problems.check(repo.exists(".github/scripts/native-container-check.sh"), ".github/scripts/native-container-check.sh is missing");
      problems.done();
    },
  },
  {
    id: "wf-terraform",
    title: "terraform.yml: fmt, validate, deploy checks, lock files; plans of pull requests with the read-only role",
    run(repo) {
      const problems = new Problems();
      const wf = load(repo, "terraform.yml", problems);
      if (!wf) return problems.done();
      for (const event of ["push", "pull_request"]) problems.check(wf.on?.[event]?.paths?.includes("terraform/**"), `terraform.yml: ${event} must filter on terraform/**`);
      const all = runs(wf);
      problems.check(/terraform fmt -check -recursive/.test(all) && /init -backend=false/.test(all) && /validate/.test(all), "terraform.yml: fmt -check, init -backend=false and validate");
      problems.check(/deploy-checks\/run\.sh/.test(all), "terraform.yml: runs deploy-checks/run.sh");
      problems.check(/terraform -chdir="?\$dir"? providers lock/.test(all), "terraform.yml: writes the provider lock files");
      const plan = wf.jobs?.plan;
      problems.check(plan && /pull_request/.test(plan.if ?? "") && /head\.repo\.full_name == github\.repository/.test(plan.if ?? ""), "terraform.yml: a plan job on pull requests from this repository");
      const creds = (plan?.steps ?? []).find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      problems.check(creds?.with?.["role-to-assume"] === "${{ vars.AWS_PLAN_ROLE_ARN }}", "terraform.yml: plans assume the read-only plan role");
      problems.check(/plan [^\n]*-lock=false/.test((plan?.steps ?? []).map((s) => s.run ?? "").join("\n")), "terraform.yml: plans must not take the state lock (the plan role cannot write)");
      problems.check(!plan?.environment, "terraform.yml: plans run outside the deployment environments");
      problems.done();
    },
  },
  {
    id: "wf-release",
    title: "release.yml and deploy.yml: image pushed to ECR by commit, staging then production (protected), apply + wait",
    run(repo) {
      const problems = new Problems();
      const release = load(repo, "release.yml", problems);
      const deploy = load(repo, "deploy.yml", problems);
      if (!release || !deploy) return problems.done();
      problems.check(JSON.stringify(release.on?.push?.branches) === '["main"]', "release.yml runs on pushes to main");
      problems.check(release.on?.workflow_dispatch?.inputs?.["image-tag"], "release.yml: workflow_dispatch with an image-tag input (rollback)");
      problems.check(release.concurrency?.["cancel-in-progress"] === false, "release.yml: a release in progress is never cancelled");
      problems.check(release.jobs?.build?.uses === "./.github/workflows/native.yml" && release.jobs?.build?.with?.["save-image"] === true, "release.yml: the image comes from native.yml (tested there)");
      const push = release.jobs?.publish;
      const pushRun = (push?.steps ?? []).map((s) => s.run ?? "").join("\n");
      problems.check((push?.steps ?? []).some((s) => s.with?.["role-to-assume"] === "${{ vars.AWS_ECR_PUSH_ROLE_ARN }}"), "release.yml: pushes assume the ECR push role");
      problems.check(/docker push "\$registry\/\$REPOSITORY:\$TAG"/.test(pushRun) && /TAG: \$\{\{ needs\.changes\.outputs\.image-tag \}\}/.test(repo.read(".github/workflows/release.yml")), "release.yml: the image is pushed tagged by its commit");
      problems.check(/image-tag=\$tag/.test((release.jobs?.changes?.steps ?? []).map((s) => s.run ?? "").join("\n")) && /tag=\$GITHUB_SHA/.test(repo.read(".github/workflows/release.yml")), "release.yml: a built image's tag is the commit SHA");
      const staging = release.jobs?.staging;
      const production = release.jobs?.production;
      problems.check(staging?.uses === "./.github/workflows/deploy.yml" && staging?.with?.environment === "staging", "release.yml: deploys staging with deploy.yml");
      problems.check(production?.uses === "./.github/workflows/deploy.yml" && production?.with?.environment === "production" && [].concat(production?.needs).includes("staging"), "release.yml: deploys production with deploy.yml after staging");
      problems.check(production?.with?.["terraform-dir"] === "terraform/envs/prod" && staging?.with?.["terraform-dir"] === "terraform/envs/staging", "release.yml: each environment's own Terraform root");
      const apply = deploy.jobs?.apply;
      problems.check(apply?.environment?.name === "${{ inputs.environment }}" || apply?.environment === "${{ inputs.environment }}", "deploy.yml: apply runs inside the GitHub environment (its protection rules: reviewers, main only)");
      const applyCreds = (apply?.steps ?? []).find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      problems.check(applyCreds?.with?.["role-to-assume"] === "${{ vars.AWS_APPLY_ROLE_ARN }}", "deploy.yml: apply assumes the environment's apply role");
      const applyRun = (apply?.steps ?? []).map((s) => s.run ?? "").join("\n");
      const order = [/terraform -chdir="\$TF_DIR" apply/, /terraform\/scripts\/wait-for-deploy\.sh/, /curl -fsS/].map((re) => applyRun.search(re));
      problems.check(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])), "deploy.yml: apply, then wait-for-deploy.sh (fails on rollback), then a smoke request");
      problems.check(apply?.concurrency?.["cancel-in-progress"] === false, "deploy.yml: an apply is never cancelled halfway");
      const planRun = (deploy.jobs?.plan?.steps ?? []).map((s) => s.run ?? "").join("\n");
      problems.check(/GITHUB_STEP_SUMMARY/.test(planRun) && /-lock=false/.test(planRun), "deploy.yml: the plan goes to the job summary for the reviewers, without the lock");
      problems.done();
    },
  },
  {
    id: "wf-scripts-exist",
    title: "every repository script a workflow runs exists and is executable",
    run(repo) {
      const problems = new Problems();
      for (const f of repo.workflowFiles()) {
        for (const m of runs(repo.workflow(f)).matchAll(/(?:^|[\s"'(])((?:\.\/)?(?:terraform|\.github|deploy-checks|scripts)\/[\w./-]+\.sh)\b/g)) {
          const rel = m[1].replace(/^\.\//, "");
          if (!problems.check(repo.exists(rel), `${f}: runs ${rel}, which does not exist`)) continue;
          problems.check((fs.statSync(repo.path(rel)).mode & 0o111) !== 0, `${f}: ${rel} is not executable`);
        }
      }
      problems.done();
    },
  },
  {
    id: "wf-dependabot",
    title: "dependabot covers maven, actions, npm, the Dockerfiles and every Terraform folder",
    run(repo) {
      const problems = new Problems();
      const config = YAML.parse(repo.read(".github/dependabot.yml"));
      const dirsOf = (eco) => config.updates.filter((u) => u["package-ecosystem"] === eco).flatMap((u) => u.directories ?? [u.directory]);
      problems.check(dirsOf("maven").includes("/"), "maven at /");
      problems.check(dirsOf("github-actions").includes("/"), "github-actions at /");
      problems.check(dirsOf("npm").includes("/deploy-checks"), "npm at /deploy-checks");
      problems.check(dirsOf("docker").includes("/src/main/docker"), "docker at /src/main/docker");
      const patterns = dirsOf("terraform").map((d) => new RegExp("^" + d.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]+") + "$"));
      for (const mod of repo.tf.dirs) {
        if (!mod.files["versions.tf"]) continue;
        problems.check(patterns.some((p) => p.test(`/${mod.rel}`)), `dependabot.yml: terraform folder /${mod.rel} is not covered`);
      }
      problems.done();
    },
  },
];
