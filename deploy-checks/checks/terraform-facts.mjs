// Facts of terraform/ the service, its operators and the issue's security review rely on. Each check names the
// fact; a failure names the file and resource that broke it. Values are followed through the module calls of
// every environment (envs/prod, envs/staging), so a wrong default or a wrong argument both show.
import assert from "node:assert/strict";
import path from "node:path";
import {
  allData,
  allResources,
  block,
  blocks,
  callsOf,
  contextsOf,
  dirByRel,
  isLiteral,
  isRegistrySource,
  num,
  parseProperties,
  resolve,
  resolveAll,
} from "../lib/terraform.mjs";
import { Problems, requireSome, where } from "../lib/repo.mjs";

const ENVS = ["terraform/envs/prod", "terraform/envs/staging"];
/** A whole reference to an attribute of <type>.<name>, or of the instance <type>.<anything>["<name>"]. */
const ref = (type, name) => new RegExp(`^\\$\\{${type}\\.(?:${name}|[A-Za-z0-9_-]+\\["${name}"\\])\\.[a-z_]+\\}$`);
const world = (v) => v === "0.0.0.0/0" || v === "::/0" || (Array.isArray(v) && v.some(world));

/** Calls `check(value, label)` for what `expr` of resource r evaluates to in every calling context. */
function eachValue(repo, r, expr, check) {
  for (const { ctx, value } of resolveAll(repo.tf, r.mod, expr)) check(value, `${where(r)} [${ctx.label}]`, ctx);
}

/** The environment (envs/prod ...) a context ultimately belongs to. */
const envOf = (ctx) => ctx.root;

/** The container definitions of a task definition written as jsonencode([local.x, ...]), resolved. */
function containersOf(taskDef, ctx) {
  const expr = String(taskDef.body.container_definitions);
  const m = expr.match(/^\$\{jsonencode\(\[\s*((?:local\.[A-Za-z0-9_]+\s*,?\s*)+)\]\)\}$/);
  if (!m) return null;
  const names = m[1].split(",").map((s) => s.trim().replace(/^local\./, "")).filter(Boolean);
  return names.map((n) => resolve(`\${local.${n}}`, ctx));
}

/** The environment and secrets maps a module call of ecs-service passes, per calling folder. */
function serviceCalls(repo) {
  return requireSome(callsOf(repo.tf, "ecs-service"), "call of modules/ecs-service");
}

/** The map an argument evaluates to in the calling folder: merge(local.x, {..}) is flattened. */
function mapArg(call, name) {
  const value = call.body[name];
  if (value && typeof value === "object") return value;
  const m = String(value ?? "").match(/^\$\{merge\(local\.([A-Za-z0-9_]+),\s*\{([\s\S]*)\}\)\}$/);
  if (!m) return {};
  const base = call.mod.locals[m[1]] ?? {};
  const extra = {};
  for (const line of m[2].split("\n")) {
    const kv = line.match(/^\s*([A-Za-z0-9_]+)\s*=\s*"([^"]*)"\s*$/);
    if (kv) extra[kv[1]] = kv[2];
  }
  return { ...base, ...extra };
}

/** The calls of modules/ecs-task in a folder: its one-off tasks. */
const oneOffTasks = (mod) => mod.modules.filter((m) => path.basename(String(m.body.source)) === "ecs-task");

const secretBase = (valueFrom) => String(valueFrom).replace(/:[A-Za-z0-9_-]*::$/, "");

function satisfies(version, constraint) {
  const parse = (v) => v.split(".").map((x) => Number(x));
  const cmp = (a, b) => {
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const v = parse(version);
  return constraint.split(",").map((c) => c.trim()).every((c) => {
    const m = c.match(/^(~>|>=|<=|>|<|=|!=)?\s*(\d+(?:\.\d+){0,2})$/);
    if (!m) return false;
    const [op = "=", target] = [m[1], m[2]];
    const t = parse(target);
    switch (op) {
      case "~>": {
        const parts = target.split(".").length;
        const upper = parts === 3 ? [t[0], t[1] + 1, 0] : [t[0] + 1, 0, 0];
        return cmp(v, t) >= 0 && cmp(v, upper) < 0;
      }
      case ">=": return cmp(v, t) >= 0;
      case "<=": return cmp(v, t) <= 0;
      case ">": return cmp(v, t) > 0;
      case "<": return cmp(v, t) < 0;
      case "!=": return cmp(v, t) !== 0;
      default: return cmp(v, t) === 0;
    }
  });
}

/**
 * A moved block's address in the folder `mod`: [module.<call>.]...<type>.<name>[<key>], or module.<call> alone.
 * Returns { mod, resource, type, name, key } (mod: the folder the resource is in), or null if a call is missing.
 */
function parseAddress(tf, mod, address) {
  let rest = address;
  let here = mod;
  for (;;) {
    const call = rest.match(/^module\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?(?:\.|$)/);
    if (!call) break;
    const m = here.modules.find((c) => c.name === call[1]);
    const target = m && tf.dirs.find((d) => d.dir === path.resolve(here.dir, String(m.body.source)));
    if (!target) return null;
    here = target;
    rest = rest.slice(call[0].length);
    if (!rest) return { mod: here, resource: false };
  }
  const r = rest.match(/^([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[(?:"([^"]*)"|(\d+))\])?$/);
  return r && { mod: here, resource: true, type: r[1], name: r[2], key: r[3] ?? r[4] };
}

export const checks = [
  // -------------------------------------------------------------------------------------------------------
  // Layout and hygiene
  // -------------------------------------------------------------------------------------------------------
  {
    id: "tf-layout",
    title: "modules have main/variables/outputs/versions; envs prod and staging and bootstrap are complete",
    run(repo) {
      const problems = new Problems();
      const modules = repo.tf.dirs.filter((d) => d.rel.startsWith("terraform/modules/"));
      problems.check(modules.length >= 10, `expected at least 10 modules, found ${modules.length}`);
      for (const m of modules) {
        for (const f of ["main.tf", "variables.tf", "outputs.tf", "versions.tf"]) problems.check(m.files[f], `${m.rel}/${f} is missing`);
      }
      for (const env of ENVS) {
        const dir = dirByRel(repo.tf, env);
        if (!problems.check(dir, `${env} is missing`)) continue;
        for (const f of ["main.tf", "backend.tf", "variables.tf", "outputs.tf", "versions.tf"]) problems.check(dir.files[f], `${env}/${f} is missing`);
        problems.check(repo.exists(`${env}/env.auto.tfvars`), `${env}/env.auto.tfvars is missing`);
        problems.check(dir.modules.some((m) => m.body.source === "../../modules/flashcart"), `${env} must build the environment with modules/flashcart`);
        for (const o of ["url", "region", "image_tag", "ecs_cluster_name", "ecs_service_name", "ecs_task_definition_arn"]) {
          problems.check(o in dir.outputs, `${env}: output "${o}" (read by terraform/scripts and the workflows) is missing`);
        }
      }
      problems.check(dirByRel(repo.tf, "terraform/bootstrap"), "terraform/bootstrap is missing");
      problems.done();
    },
  },
  {
    id: "tf-variables",
    title: "every variable is declared in variables.tf with a description and a type; no secret has a default",
    run(repo) {
      const problems = new Problems();
      for (const mod of repo.tf.dirs) {
        for (const [name, { body, file }] of Object.entries(mod.variables)) {
          const at = `${mod.rel}/${file}: variable "${name}"`;
          problems.check(file === "variables.tf", `${at} belongs in variables.tf`);
          problems.check(typeof body.description === "string" && body.description.trim(), `${at} has no description`);
          problems.check(body.type !== undefined, `${at} has no type`);
          // A version, an update strategy, an ARN or a statement id of a secret is not secret itself.
          if (/password|secret|token/i.test(name) && !/(_version|_update_strategy|_arns?|_sid)$/.test(name)) problems.check(!("default" in body), `${at} must not have a default (secrets come from Secrets Manager)`);
        }
      }
      problems.done();
    },
  },
  {
    id: "tf-no-literal-secrets",
    title: "no secret is written as a literal, in code or in committed tfvars",
    run(repo) {
      const problems = new Problems();
      const secretAttrs = ["password", "password_wo", "auth_token", "master_password", "secret_string", "secret_string_wo"];
      for (const mod of repo.tf.dirs) {
        for (const r of mod.resources) {
          for (const attr of secretAttrs) {
            const v = r.body[attr];
            if (v !== undefined) problems.check(typeof v === "string" && v.includes("${"), `${mod.rel}/${r.file}: ${r.type}.${r.name}.${attr} is a literal`);
          }
        }
      }
      for (const env of ENVS) {
        if (!repo.exists(`${env}/env.auto.tfvars`)) continue;
        for (const line of repo.read(`${env}/env.auto.tfvars`).split("\n")) {
          problems.check(!/^\s*[a-z_]*(password|secret|token)[a-z_]*\s*=/.test(line), `${env}/env.auto.tfvars: a secret in a committed file: ${line.trim()}`);
        }
      }
      problems.done();
    },
  },
  {
    id: "tf-versions",
    title: "Terraform >= 1.11; hashicorp/aws pinned to the schema's version (6.25.x); random >= 3.7.1; providers declared",
    run(repo) {
      const problems = new Problems();
      const schemaVersion = "6.25.0";
      let versionFiles = 0;
      for (const mod of repo.tf.dirs) {
        const blocksWithRequirements = mod.terraformBlocks.filter((b) => b.body.required_version || b.body.required_providers);
        if (mod.files["versions.tf"]) {
          versionFiles++;
          problems.check(blocksWithRequirements.length > 0, `${mod.rel}/versions.tf has no terraform block`);
        }
        for (const { body, file } of blocksWithRequirements) {
          const at = `${mod.rel}/${file}`;
          problems.check(satisfies("1.11.0", String(body.required_version ?? "")) && !satisfies("1.10.9", String(body.required_version ?? "")), `${at}: required_version must start at 1.11.0 (write-only arguments), got "${body.required_version}"`);
          const providers = Object.assign({}, ...(body.required_providers ?? []));
          for (const [name, req] of Object.entries(providers)) {
            if (!problems.check(req && typeof req === "object" && String(req.source).includes("/"), `${at}: provider ${name} needs { source, version }`)) continue;
            const c = String(req.version ?? "");
            if (name === "aws") {
              problems.check(satisfies(schemaVersion, c) && !satisfies("6.26.0", c) && !satisfies("7.0.0", c), `${at}: hashicorp/aws "${c}" must admit ${schemaVersion}, the version deploy-checks' schema comes from, and nothing past 6.25.x`);
            } else if (name === "random") {
              problems.check(satisfies("3.7.1", c) && !satisfies("3.7.0", c) && !satisfies("4.0.0", c), `${at}: hashicorp/random "${c}" must admit 3.7.1+ (ephemeral random_password) and exclude 4.x`);
            } else {
              problems.check(/^~>\s*\d+\.\d+/.test(c), `${at}: provider ${name} must be pinned with "~> X.Y"`);
            }
          }
        }
        const declared = new Set(blocksWithRequirements.flatMap(({ body }) => (body.required_providers ?? []).flatMap(Object.keys)));
        for (const r of [...mod.resources, ...mod.dataSources, ...mod.ephemerals]) {
          const provider = r.type.split("_")[0];
          if (provider === "terraform") continue;
          problems.check(declared.has(provider), `${mod.rel}/${r.file}: ${r.type}.${r.name} uses provider "${provider}", not in required_providers`);
        }
        for (const call of mod.modules) {
          if (isRegistrySource(call.body.source)) problems.check(call.body.version, `${mod.rel}/${call.file}: module "${call.name}" (${call.body.source}) has no version`);
        }
      }
      problems.check(versionFiles >= 14, `expected a versions.tf in every module and root, found ${versionFiles}`);
      problems.done();
    },
  },
  {
    id: "tf-lock-files",
    title: "committed .terraform.lock.hcl files pin the schema's provider versions with hashes",
    run(repo, t) {
      const problems = new Problems();
      const missing = [];
      for (const root of ["terraform/bootstrap", ...ENVS]) {
        const file = `${root}/.terraform.lock.hcl`;
        if (!repo.exists(file)) {
          missing.push(file);
          continue;
        }
        const text = repo.read(file);
        const aws = text.match(/provider "registry\.terraform\.io\/hashicorp\/aws" \{\s*version\s*=\s*"([^"]+)"[\s\S]*?hashes = \[([\s\S]*?)\]/);
        problems.check(aws && /^6\.25\.\d+$/.test(aws[1]), `${file}: hashicorp/aws must be locked to 6.25.x, got ${aws?.[1]}`);
        problems.check(aws && /"h1:/.test(aws[2]) && /"zh:/.test(aws[2]), `${file}: hashicorp/aws has no h1:/zh: hashes`);
      }
      // Not failing: the lock files can only be written where the provider registry is reachable. The
      // Terraform workflow's lock-files job writes them and fails until they are committed (terraform/README.md).
      if (missing.length && t?.diagnostic) t.diagnostic(`not committed yet (the Terraform workflow's lock-files job writes them): ${missing.join(", ")}`);
      problems.done();
    },
  },
  {
    id: "tf-state-backend",
    title: "every environment keeps its state in the bootstrap bucket with S3 native locking, no DynamoDB",
    run(repo) {
      const problems = new Problems();
      const keys = new Set();
      const bootstrap = dirByRel(repo.tf, "terraform/bootstrap");
      const bucketDefault = bootstrap?.variables.state_bucket_name?.body.default;
      for (const env of ENVS) {
        const dir = dirByRel(repo.tf, env);
        const backend = dir?.terraformBlocks.map((b) => block(b.body, "backend")).find(Boolean);
        if (!problems.check(backend?.s3, `${env} has no s3 backend`)) continue;
        const s3 = block(backend, "s3");
        problems.check(s3.use_lockfile === true, `${env}: the s3 backend must lock with use_lockfile = true`);
        problems.check(s3.dynamodb_table === undefined && s3.dynamodb_endpoint === undefined, `${env}: DynamoDB locking is deprecated; use use_lockfile`);
        problems.check(s3.encrypt === true, `${env}: the s3 backend must encrypt the state`);
        problems.check(s3.bucket === bucketDefault, `${env}: bucket "${s3.bucket}" is not the bootstrap bucket "${bucketDefault}"`);
        problems.check(!keys.has(s3.key), `${env}: state key ${s3.key} is used twice`);
        keys.add(s3.key);
      }
      problems.check(allResources(repo.tf, "aws_dynamodb_table").length === 0, "no DynamoDB lock table any more");
      problems.done();
    },
  },
  {
    id: "tf-moved",
    title: "every moved block leads from an address no longer declared to a declared one, instance key included",
    run(repo) {
      const problems = new Problems();
      for (const mod of repo.tf.dirs) {
        for (const { from, to, file } of mod.moved) {
          const at = `${mod.rel}/${file}: moved ${from} -> ${to}`;
          const old = parseAddress(repo.tf, mod, from);
          if (old?.resource && old.key === undefined) problems.check(!old.mod.resource(old.type, old.name), `${at}: ${from} is still declared, so the state would keep it there`);
          const target = parseAddress(repo.tf, mod, to);
          if (!problems.check(target, `${at}: ${to} is not a declared module call or resource`)) continue;
          if (!target.resource) continue;
          const r = target.mod.resource(target.type, target.name);
          if (!problems.check(r, `${at}: ${target.mod.rel} declares no ${target.type}.${target.name}`)) continue;
          const repeated = r.body.for_each !== undefined || r.body.count !== undefined;
          if (!problems.check(repeated === (target.key !== undefined), `${at}: ${repeated ? "an instance key is needed" : "the resource has no instances"}`) || !r.instances) continue;
          const keys = r.instances.map((i) => new RegExp(`^${i.key.split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".+")}$`));
          problems.check(keys.some((k) => k.test(target.key)), `${at}: ${target.type}.${target.name} has no instance "${target.key}"`);
        }
      }
      problems.done();
    },
  },

  // -------------------------------------------------------------------------------------------------------
  // Edge: load balancer, DNS, TLS, WAF
  // -------------------------------------------------------------------------------------------------------
  {
    id: "edge-target-group",
    title: "target group: port 8080, /q/health/ready on the traffic port, matcher 200, deregistration 30 s",
    run(repo) {
      const problems = new Problems();
      for (const tg of requireSome(allResources(repo.tf, "aws_lb_target_group"), "aws_lb_target_group")) {
        eachValue(repo, tg, tg.body, (body, at) => {
          problems.check(num(body.port) === 8080, `${at}: port ${body.port}`);
          const hc = block(body, "health_check");
          if (!problems.check(hc, `${at}: no health_check block`)) return;
          problems.check(hc.path === "/q/health/ready", `${at}: health_check.path ${hc.path}`);
          problems.check(String(hc.matcher) === "200", `${at}: health_check.matcher ${hc.matcher}`);
          problems.check(hc.port === undefined || ["traffic-port", "8080", 8080].includes(hc.port), `${at}: health_check.port is ${hc.port}`);
          problems.check(hc.enabled !== false, `${at}: health check disabled`);
          problems.check(num(body.deregistration_delay) === 30, `${at}: deregistration_delay ${body.deregistration_delay} (graceful shutdown is 25 s)`);
        });
      }
      problems.done();
    },
  },
  {
    id: "edge-listeners",
    title: "HTTPS listener on the validated ACM certificate with a TLS 1.2+ policy; HTTP answers 301 to HTTPS",
    run(repo) {
      const problems = new Problems();
      const listeners = requireSome(allResources(repo.tf, "aws_lb_listener"), "aws_lb_listener");
      const https = listeners.filter((l) => l.body.protocol === "HTTPS");
      assert.equal(https.length, 1, "expected exactly one HTTPS listener");
      eachValue(repo, https[0], https[0].body, (body, at) => {
        problems.check(num(body.port) === 443, `${at}: port ${body.port}`);
        problems.check(/^ELBSecurityPolicy-TLS13-1-[23]/.test(String(body.ssl_policy)), `${at}: ssl_policy ${body.ssl_policy} admits TLS below 1.2`);
        // The certificate is usable only once validated: take its ARN from the validation, which waits for it.
        problems.check(/^\$\{aws_acm_certificate_validation\.[A-Za-z0-9_-]+\.certificate_arn\}$/.test(String(body.certificate_arn)), `${at}: certificate_arn must be aws_acm_certificate_validation.<name>.certificate_arn, got ${body.certificate_arn}`);
      });
      const http = listeners.filter((l) => l.body.protocol === "HTTP");
      assert.equal(http.length, 1, "expected exactly one HTTP listener");
      const action = block(http[0].body, "default_action");
      problems.check(action?.type === "redirect", `${where(http[0])}: must redirect`);
      const redirect = block(action, "redirect");
      problems.check(redirect?.protocol === "HTTPS" && String(redirect?.port) === "443" && redirect?.status_code === "HTTP_301", `${where(http[0])}: must answer 301 to HTTPS on 443`);
      problems.done();
    },
  },
  {
    id: "edge-dns",
    title: "ACM validated through DNS; every Route 53 record goes into the environment's zone; A/AAAA alias the ALB",
    run(repo) {
      const problems = new Problems();
      for (const c of requireSome(allResources(repo.tf, "aws_acm_certificate"), "aws_acm_certificate")) problems.check(c.body.validation_method === "DNS", `${where(c)}: validation_method`);
      for (const v of requireSome(allResources(repo.tf, "aws_acm_certificate_validation"), "aws_acm_certificate_validation")) {
        problems.check(/aws_route53_record\.[A-Za-z0-9_]+/.test(JSON.stringify(v.body.validation_record_fqdns)), `${where(v)}: must wait for the Route 53 validation records`);
      }
      const records = requireSome(allResources(repo.tf, "aws_route53_record"), "aws_route53_record");
      for (const r of records) {
        // The hosted zone of a record is the environment's zone variable, in every environment. (An alias
        // block's zone_id is the ALB's own zone: a different thing, easily confused with it.)
        for (const { ctx, value } of resolveAll(repo.tf, r.mod, r.body.zone_id)) {
          problems.check(value === "${var.route53_zone_id}" && /^terraform\/envs\//.test(envOf(ctx)), `${where(r)} [${ctx.label}]: zone_id must be the environment's var.route53_zone_id, got ${value}`);
        }
      }
      for (const type of ["A", "AAAA"]) {
        const rec = records.find((r) => r.body.type === type && r.body.alias);
        if (!problems.check(rec, `no aliased Route 53 ${type} record`)) continue;
        const alias = block(rec.body, "alias");
        problems.check(/^\$\{aws_lb\.[A-Za-z0-9_]+\.dns_name\}$/.test(String(alias.name)) && /^\$\{aws_lb\.[A-Za-z0-9_]+\.zone_id\}$/.test(String(alias.zone_id)), `${where(rec)}: alias must be the ALB's dns_name and zone_id`);
      }
      problems.done();
    },
  },
  {
    id: "edge-public-surface",
    title: "the ALB is internet-facing in the public subnets; ECS tasks get no public IP and run in private subnets",
    run(repo) {
      const problems = new Problems();
      for (const lb of requireSome(allResources(repo.tf, "aws_lb"), "aws_lb")) {
        problems.check(lb.body.internal === false, `${where(lb)}: internal`);
        eachValue(repo, lb, lb.body.subnets, (v, at) => problems.check(/public_subnet/.test(String(v)), `${at}: must sit in the public subnets, got ${v}`));
      }
      for (const svc of allResources(repo.tf, "aws_ecs_service")) {
        const net = block(svc.body, "network_configuration");
        problems.check(net?.assign_public_ip === false, `${where(svc)}: assign_public_ip`);
        eachValue(repo, svc, net?.subnets, (v, at) => problems.check(/private_subnet/.test(String(v)), `${at}: must run in private subnets, got ${v}`));
      }
      problems.done();
    },
  },
  {
    id: "edge-quarkus-endpoints",
    title: "/q/* answers 404 at the HTTPS listener (health checks bypass listener rules); WAF blocks normalised /q/",
    run(repo) {
      const problems = new Problems();
      const rules = allResources(repo.tf, "aws_lb_listener_rule").filter((r) => /aws_lb_listener\.https\./.test(String(r.body.listener_arn)));
      const closing = rules.filter((r) => {
        const patterns = blocks(r.body, "condition").flatMap((c) => blocks(c, "path_pattern")).flatMap((p) => p.values ?? []);
        const action = block(r.body, "action");
        return patterns.includes("/q/*") && action?.type === "fixed-response" && String(block(action, "fixed_response")?.status_code) === "404";
      });
      problems.check(closing.length === 1, "one rule of the HTTPS listener must answer 404 (fixed-response) for path /q/*");
      for (const r of closing) problems.check(num(r.body.priority) === 1, `${where(r)}: must be evaluated first (priority 1)`);
      const acl = allResources(repo.tf, "aws_wafv2_web_acl")[0];
      const qRule = acl && blocks(acl.body, "rule").find((r) => JSON.stringify(r.statement).includes('"search_string":"/q/"'));
      problems.check(qRule && JSON.stringify(qRule.statement).includes("NORMALIZE_PATH") && block(block(qRule, "action"), "block"), "the WAF must block uri_path starting with /q/ after NORMALIZE_PATH");
      problems.done();
    },
  },
  {
    id: "edge-access-logs",
    title: "ALB access logs go to a private, encrypted S3 bucket the ELB log delivery may write to",
    run(repo) {
      const problems = new Problems();
      for (const lb of allResources(repo.tf, "aws_lb")) {
        const logs = block(lb.body, "access_logs");
        if (!problems.check(logs && logs.enabled === true, `${where(lb)}: access_logs must be enabled`)) continue;
        const bucketName = String(logs.bucket).match(/aws_s3_bucket\.([A-Za-z0-9_]+)\./)?.[1];
        if (!problems.check(bucketName, `${where(lb)}: access_logs.bucket must be a bucket of the module`)) continue;
        const onBucket = (type) => lb.mod.resourcesOf(type).some((r) => String(r.body.bucket).includes(`aws_s3_bucket.${bucketName}.`));
        for (const type of ["aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_policy", "aws_s3_bucket_lifecycle_configuration"]) {
          problems.check(onBucket(type), `${where(lb)}: the access-log bucket has no ${type}`);
        }
        problems.check(lb.mod.dataOf("aws_elb_service_account").length === 1, `${where(lb)}: the bucket policy must admit the region's ELB account (data.aws_elb_service_account)`);
        problems.check(JSON.stringify(lb.body.depends_on ?? []).includes("aws_s3_bucket_policy"), `${where(lb)}: must depend on the bucket policy (the ALB checks its access when created)`);
      }
      problems.done();
    },
  },
  {
    id: "edge-waf",
    title: "a REGIONAL WAF on the ALB limits POST /api/v1/sessions per client address",
    run(repo) {
      const problems = new Problems();
      const acls = requireSome(allResources(repo.tf, "aws_wafv2_web_acl"), "aws_wafv2_web_acl");
      for (const acl of acls) {
        problems.check(acl.body.scope === "REGIONAL", `${where(acl)}: an ALB needs a REGIONAL web ACL`);
        const rate = blocks(acl.body, "rule").find((r) => block(block(r, "statement"), "rate_based_statement"));
        if (!problems.check(rate, `${where(acl)}: no rate-based rule`)) continue;
        problems.check(block(block(rate, "action"), "block"), `${where(acl)}: the rate rule must block`);
        const stmt = block(block(rate, "statement"), "rate_based_statement");
        problems.check(stmt.aggregate_key_type === "IP", `${where(acl)}: the rate must be counted per client address (IP)`);
        const scope = JSON.stringify(stmt.scope_down_statement ?? {});
        problems.check(scope.includes('"search_string":"/api/v1/sessions"') && scope.includes('"uri_path"'), `${where(acl)}: the rate rule must be scoped to the path /api/v1/sessions`);
        problems.check(scope.includes('"search_string":"POST"') && scope.includes('"method"'), `${where(acl)}: the rate rule must be scoped to POST`);
        problems.check(scope.includes('"and_statement"'), `${where(acl)}: path and method must both match (and_statement)`);
        const assoc = acl.mod.resourcesOf("aws_wafv2_web_acl_association").find((a) => String(a.body.web_acl_arn).includes(`aws_wafv2_web_acl.${acl.name}.`));
        problems.check(assoc && /^\$\{aws_lb\.[A-Za-z0-9_]+\.arn\}$/.test(String(assoc.body.resource_arn)), `${where(acl)}: must be associated with the ALB`);
      }
      problems.done();
    },
  },

  // -------------------------------------------------------------------------------------------------------
  // ECS
  // -------------------------------------------------------------------------------------------------------
  {
    id: "ecs-containers",
    title: "service container: port 8080 behind the ALB, /q/health/live health check, stopTimeout >= 30, non-root",
    run(repo) {
      const problems = new Problems();
      for (const svc of requireSome(allResources(repo.tf, "aws_ecs_service").filter((s) => block(s.body, "load_balancer")), "ECS service behind the ALB")) {
        const tdName = String(svc.body.task_definition).match(/aws_ecs_task_definition\.([A-Za-z0-9_-]+)\./)?.[1];
        const td = svc.mod.resource("aws_ecs_task_definition", tdName);
        if (!problems.check(td, `${where(svc)}: task definition ${tdName} not found in the module`)) continue;
        for (const ctx of contextsOf(repo.tf, svc.mod)) {
          const at = `${where(svc)} [${ctx.label}]`;
          const lb = resolve(block(svc.body, "load_balancer"), ctx);
          problems.check(num(lb.container_port) === 8080, `${at}: load_balancer.container_port`);
          const containers = containersOf(td, ctx);
          if (!problems.check(containers, `${where(td)}: container_definitions must be jsonencode([local.<container>, ...])`)) continue;
          const app = containers.find((c) => c.name === lb.container_name);
          if (!problems.check(app, `${at}: no container named ${lb.container_name}`)) continue;
          problems.check(JSON.stringify((app.portMappings ?? []).map((p) => num(p.containerPort))) === "[8080]", `${at}: portMappings containerPort`);
          const cmd = (app.healthCheck?.command ?? []).join(" ");
          problems.check(cmd.includes("/q/health/live") && !cmd.includes("/q/health/ready"), `${at}: the container health check must probe /q/health/live (liveness), got ${cmd}`);
          problems.check(num(app.stopTimeout) >= 30, `${at}: stopTimeout ${app.stopTimeout} < 30`);
          problems.check(app.user && !["0", "root"].includes(String(app.user)), `${at}: the container must run as a non-root user`);
          for (const c of containers) problems.check(c === app || c.essential === false, `${at}: sidecar ${c.name} must not be essential`);
        }
      }
      problems.done();
    },
  },
  {
    id: "ecs-scaling",
    title: "ECS service: at least 2 tasks, autoscaling on CPU and on ALB requests per target, circuit breaker with rollback",
    run(repo) {
      const problems = new Problems();
      for (const svc of allResources(repo.tf, "aws_ecs_service").filter((s) => block(s.body, "load_balancer"))) {
        eachValue(repo, svc, svc.body.desired_count, (v, at) => problems.check(num(v) >= 2, `${at}: desired_count ${v}`));
        const cb = block(svc.body, "deployment_circuit_breaker");
        problems.check(cb?.enable === true && cb?.rollback === true, `${where(svc)}: deployment circuit breaker with rollback`);
        problems.check(num(svc.body.deployment_minimum_healthy_percent) === 100, `${where(svc)}: deployments must keep 100 % healthy`);
        const metrics = svc.mod.resourcesOf("aws_appautoscaling_policy").map((p) => block(block(p.body, "target_tracking_scaling_policy_configuration"), "predefined_metric_specification")?.predefined_metric_type);
        for (const metric of ["ECSServiceAverageCPUUtilization", "ALBRequestCountPerTarget"]) problems.check(metrics.includes(metric), `${svc.mod.rel}: no target-tracking policy on ${metric}`);
        for (const target of svc.mod.resourcesOf("aws_appautoscaling_target")) eachValue(repo, target, target.body.min_capacity, (v, at) => problems.check(num(v) >= 2, `${at}: min_capacity ${v}`));
      }
      problems.done();
    },
  },
  {
    id: "ecs-environment-contract",
    title: "the task gets the service's environment: TLS-verified JDBC URLs, rediss, SSL Kafka, trusted proxies = public subnets",
    run(repo) {
      const problems = new Problems();
      for (const call of serviceCalls(repo)) {
        const at = `${call.mod.rel}/${call.file}: module.${call.name}`;
        const env = mapArg(call, "environment");
        const secrets = mapArg(call, "secrets");
        for (const name of ["FLASHCART_DB_PRIMARY_URL", "FLASHCART_DB_REPLICA_URL", "FLASHCART_REDIS_URL", "FLASHCART_KAFKA_BOOTSTRAP_SERVERS", "FLASHCART_KAFKA_SECURITY_PROTOCOL", "FLASHCART_ADMIN_EMAIL", "FLASHCART_TRUSTED_PROXIES", "FLASHCART_DB_MIGRATE_AT_START"]) {
          problems.check(name in env, `${at}: environment lacks ${name}`);
        }
        for (const name of ["FLASHCART_DB_USERNAME", "FLASHCART_DB_PASSWORD", "FLASHCART_REDIS_PASSWORD", "FLASHCART_ADMIN_PASSWORD"]) {
          problems.check(name in secrets, `${at}: secrets lacks ${name}`);
          problems.check(!(name in env), `${at}: ${name} must come from secrets, not environment`);
        }
        for (const [name, role] of [["FLASHCART_DB_PRIMARY_URL", "primary"], ["FLASHCART_DB_REPLICA_URL", "replica"]]) {
          const url = String(resolve(env[name], contextsOf(repo.tf, call.mod)[0]));
          problems.check(new RegExp(`^jdbc:mysql://\\$\\{module\\.\\w+\\.${role}_address\\}:`).test(url), `${at}: ${name} must point at the RDS ${role}`);
          problems.check(/[?&]sslMode=VERIFY_IDENTITY(&|$)/.test(url), `${at}: ${name} must verify the server certificate and host (sslMode=VERIFY_IDENTITY)`);
          problems.check(/[?&]trustCertificateKeyStoreUrl=file:\/work\/rds-truststore\.p12(&|$)/.test(url), `${at}: ${name} must trust the RDS CA bundle of the image (trustCertificateKeyStoreUrl=file:/work/rds-truststore.p12)`);
        }
        problems.check(/^rediss:\/\//.test(String(env.FLASHCART_REDIS_URL)), `${at}: FLASHCART_REDIS_URL must use TLS (rediss://)`);
        // the product caches append their database (/2) to it (application.properties, quarkus.redis.product-cache)
        problems.check(/^rediss:\/\/[^/]+$/.test(String(env.FLASHCART_REDIS_URL)), `${at}: FLASHCART_REDIS_URL must name the server only, without a database path`);
        problems.check(env.FLASHCART_KAFKA_SECURITY_PROTOCOL === "SSL", `${at}: FLASHCART_KAFKA_SECURITY_PROTOCOL`);
        problems.check(/bootstrap_brokers_tls/.test(String(env.FLASHCART_KAFKA_BOOTSTRAP_SERVERS)), `${at}: Kafka must use the TLS brokers`);
        problems.check(/^\$\{join\(",",\s*module\.\w+\.public_subnet_cidrs\)\}$/.test(String(env.FLASHCART_TRUSTED_PROXIES)), `${at}: FLASHCART_TRUSTED_PROXIES must be the public (ALB) subnets' CIDRs, got ${env.FLASHCART_TRUSTED_PROXIES}`);
        problems.check(env.FLASHCART_DB_MIGRATE_AT_START === "false", `${at}: the service must not migrate (FLASHCART_DB_MIGRATE_AT_START=false); the migration task does`);
        problems.check(/app_secret_arn\}:username::$/.test(String(secrets.FLASHCART_DB_USERNAME)) && /app_secret_arn\}:password::$/.test(String(secrets.FLASHCART_DB_PASSWORD)), `${at}: the service logs in as the app user: username and password from the app secret (they alternate on rotation)`);
      }
      problems.done();
    },
  },
  {
    id: "ecs-execution-role-secrets",
    title: "each execution role reads exactly the secrets its task references, and never the RDS master secret",
    run(repo) {
      const problems = new Problems();
      for (const call of serviceCalls(repo)) {
        const at = `${call.mod.rel}/${call.file}: module.${call.name}`;
        for (const [secretsArg, arnsArg] of [["secrets", "secret_arns"], ["migration_secrets", "migration_secret_arns"]]) {
          const referenced = new Set(Object.values(mapArg(call, secretsArg)).map(secretBase));
          const granted = (Array.isArray(call.body[arnsArg]) ? call.body[arnsArg] : []).map(String);
          problems.check(granted.length > 0, `${at}: ${arnsArg} must list the secrets`);
          for (const arn of granted) problems.check(referenced.has(arn), `${at}: ${arnsArg} grants ${arn}, which ${secretsArg} does not use`);
          for (const arn of referenced) problems.check(granted.includes(arn), `${at}: ${secretsArg} uses ${arn}, which ${arnsArg} does not grant`);
          for (const arn of [...referenced, ...granted]) problems.check(!/master/.test(arn), `${at}: ${arnsArg}/${secretsArg} must never involve the master secret (${arn})`);
        }
      }
      for (const mod of repo.tf.dirs) {
        for (const policy of mod.resourcesOf("aws_iam_role_policy")) {
          const docName = String(policy.body.policy).match(/data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)(?:\[\d+\])?\./)?.[1];
          const doc = mod.dataSources.find((d) => d.type === "aws_iam_policy_document" && d.name === docName);
          for (const st of blocks(doc?.body, "statement")) {
            if (![].concat(st.actions ?? []).includes("secretsmanager:GetSecretValue")) continue;
            const resources = [].concat(st.resources ?? []);
            problems.check(!resources.some((r) => r === "*" || r === "${*}"), `${where(policy)}: GetSecretValue on every secret`);
            if (/aws_iam_role\.execution(\[0\])?\./.test(String(policy.body.role)) && /modules\/ecs-(service|task)$/.test(mod.rel)) {
              problems.check(resources.length === 1 && resources[0] === "${var.secret_arns}", `${where(policy)}: the execution role may read exactly its var.secret_arns, got ${resources.join(", ")}`);
            }
          }
        }
      }
      problems.done();
    },
  },
  {
    id: "ecs-migration",
    title: "a migration task (same image, migrator user, init-and-exit) runs before the service moves to a new image",
    run(repo) {
      const problems = new Problems();
      for (const call of serviceCalls(repo)) {
        const at = `${call.mod.rel}/${call.file}: module.${call.name}`;
        const env = mapArg(call, "migration_environment");
        const secrets = mapArg(call, "migration_secrets");
        problems.check(env.QUARKUS_INIT_AND_EXIT === "true", `${at}: the migration task must exit after migrating (QUARKUS_INIT_AND_EXIT=true)`);
        problems.check(env.FLASHCART_DB_MIGRATE_AT_START === "true", `${at}: the migration task must migrate (FLASHCART_DB_MIGRATE_AT_START=true)`);
        problems.check(/migrator_secret_arn\}:username::$/.test(String(secrets.FLASHCART_DB_USERNAME)) && /migrator_secret_arn\}:password::$/.test(String(secrets.FLASHCART_DB_PASSWORD)), `${at}: the migration task logs in as the migrator user`);
        problems.check(/\.ready\}$/.test(String(call.body.migrate_after)), `${at}: migrations must wait for the database users (migrate_after)`);
      }
      const ecs = dirByRel(repo.tf, "terraform/modules/ecs-service");
      const migration = ecs && oneOffTasks(ecs)[0];
      if (!problems.check(migration, "modules/ecs-service: the migration must be a one-off task (a call of modules/ecs-task)")) return problems.done();
      const at = `modules/ecs-service: module.${migration.name}`;
      const svc = ecs.resource("aws_ecs_service", "this");
      problems.check(JSON.stringify(svc?.body.depends_on ?? []).includes(`module.${migration.name}`), `modules/ecs-service: the service must depend on module.${migration.name}`);
      const container = migration.body.container ?? {};
      problems.check(container.image === "${local.image}" && ecs.locals.app_container?.image === "${local.image}", `${at}: the migration must run the service's image (local.image)`);
      problems.check(/var\.migration_environment/.test(String(container.environment)) && /var\.migration_secrets/.test(String(container.secrets)), `${at}: the migration task gets var.migration_environment and var.migration_secrets`);
      problems.check(migration.body.create_execution_role !== false && migration.body.secret_arns === "${var.migration_secret_arns}", `${at}: the migration task has its own execution role, reading var.migration_secret_arns`);
      const task = dirByRel(repo.tf, "terraform/modules/ecs-task");
      const run = task?.resource("terraform_data", "this");
      problems.check(run && /aws_ecs_task_definition\.this\.arn/.test(JSON.stringify(run.body.triggers_replace)), "modules/ecs-task: terraform_data.this must re-run the task with every new task definition (image)");
      problems.check(run && /run-ecs-task\.sh/.test(JSON.stringify(run.body.provisioner)), "modules/ecs-task: terraform_data.this runs the task with terraform/scripts/run-ecs-task.sh");
      const td = task?.resource("aws_ecs_task_definition", "this");
      problems.check(td && /aws_iam_role\.execution\[0\]\.arn/.test(String(td.body.execution_role_arn)), "modules/ecs-task: a task uses the execution role the module creates for it");
      problems.done();
    },
  },
  {
    id: "ecs-image",
    title: "the service runs a commit-tagged image of the bootstrap ECR repository that must exist at plan time",
    run(repo) {
      const problems = new Problems();
      problems.check(allData(repo.tf, "aws_ecr_image").some((d) => /var\.image_tag/.test(String(d.body.image_tag))), "data.aws_ecr_image must look the image tag up (a plan fails on a tag never pushed)");
      const ecr = allResources(repo.tf, "aws_ecr_repository");
      problems.check(ecr.length === 1 && ecr[0].mod.rel === "terraform/bootstrap", "one ECR repository, in terraform/bootstrap (shared by the environments)");
      for (const r of ecr) {
        problems.check(r.body.image_tag_mutability === "IMMUTABLE", `${where(r)}: tags must be immutable (a commit is one image)`);
        problems.check(block(r.body, "image_scanning_configuration")?.scan_on_push === true, `${where(r)}: scan on push`);
      }
      problems.done();
    },
  },
  {
    id: "ecs-redeploy-on-rotation",
    title: "a successful rotation of the service's database secret forces a new ECS deployment",
    run(repo) {
      const problems = new Problems();
      for (const call of serviceCalls(repo)) {
        problems.check(/^\$\{module\.\w+\.app_secret_arn\}$/.test(String(call.body.redeploy_on_rotation_of?.[0])), `${call.mod.rel}: module.${call.name}.redeploy_on_rotation_of must be the app secret`);
      }
      const ecs = dirByRel(repo.tf, "terraform/modules/ecs-service");
      const rule = ecs?.resource("aws_cloudwatch_event_rule", "redeploy");
      const pattern = String(rule?.body.event_pattern ?? "");
      problems.check(/RotationSucceeded/.test(pattern) && /var\.redeploy_on_rotation_of/.test(pattern), "modules/ecs-service: an EventBridge rule must match RotationSucceeded of var.redeploy_on_rotation_of");
      const doc = ecs?.resource("aws_ssm_document", "redeploy");
      problems.check(/forceNewDeployment\s*=\s*true/.test(String(doc?.body.content)) && /UpdateService/.test(String(doc?.body.content)), "modules/ecs-service: the runbook must call ECS UpdateService with forceNewDeployment");
      const target = ecs?.resource("aws_cloudwatch_event_target", "redeploy");
      problems.check(/automation-definition/.test(String(target?.body.arn)) && target?.body.role_arn, "modules/ecs-service: the rule's target must be the runbook (automation-definition) with a role");
      problems.done();
    },
  },
  {
    id: "ecs-metrics",
    title: "the outbox lag on /q/metrics reaches CloudWatch (ADOT sidecar) under the namespace and dimension the alarm uses",
    run(repo) {
      const problems = new Problems();
      const ecs = dirByRel(repo.tf, "terraform/modules/ecs-service");
      const config = JSON.stringify(ecs?.locals.adot_config ?? "");
      problems.check(/metrics_path\s*=\s*\\"\/q\/metrics\\"/.test(config), "the sidecar must scrape /q/metrics");
      problems.check(config.includes("awsemf") && config.includes("var.metrics_namespace"), "the sidecar must export with awsemf to var.metrics_namespace");
      problems.check(/labels\s*=\s*\{\s*service\s*=\s*var\.name\s*\}/.test(config.replace(/\\n/g, "\n")), 'the scraped metrics must carry the label service = the service name (the alarm\'s dimension)');
      const regex = ecs?.variables.metrics_name_regex?.body.default;
      problems.check(regex && new RegExp(`^(?:${regex})$`).test("flashcart_outbox_oldest_pending_age_seconds"), `metrics_name_regex (${regex}) must keep flashcart_outbox_oldest_pending_age_seconds`);
      const alarm = allResources(repo.tf, "aws_cloudwatch_metric_alarm").find((a) => a.body.metric_name === "flashcart_outbox_oldest_pending_age_seconds");
      if (problems.check(alarm, "no alarm on flashcart_outbox_oldest_pending_age_seconds")) {
        problems.check(/^\$\{var\.metrics_namespace\}$/.test(String(alarm.body.namespace)) && "service" in (alarm.body.dimensions ?? {}), `${where(alarm)}: must use the sidecar's namespace and the service dimension`);
        const flashcart = dirByRel(repo.tf, "terraform/modules/flashcart");
        const mon = flashcart?.modules.find((m) => m.name === "monitoring");
        problems.check(/module\.service\.metrics_namespace/.test(String(mon?.body.metrics_namespace)) && /module\.service\.service_name/.test(String(mon?.body.metrics_service)), "modules/flashcart: monitoring must take the namespace and service dimension from the service module");
      }
      problems.done();
    },
  },

  // -------------------------------------------------------------------------------------------------------
  // Security groups
  // -------------------------------------------------------------------------------------------------------
  {
    id: "sg-world-ingress",
    title: "only the ALB security group admits the internet, and only on 80/443",
    run(repo) {
      const problems = new Problems();
      for (const rule of requireSome(allResources(repo.tf, "aws_vpc_security_group_ingress_rule"), "aws_vpc_security_group_ingress_rule")) {
        if (!world(rule.body.cidr_ipv4) && !world(rule.body.cidr_ipv6)) continue;
        problems.check(ref("aws_security_group", "alb").test(String(rule.body.security_group_id)), `${where(rule)}: 0.0.0.0/0 or ::/0 ingress outside the ALB security group`);
        problems.check([80, 443].includes(num(rule.body.from_port)) && num(rule.body.from_port) === num(rule.body.to_port), `${where(rule)}: internet ingress only on 80 or 443`);
      }
      for (const sg of allResources(repo.tf, "aws_security_group")) {
        for (const ing of blocks(sg.body, "ingress")) problems.check(!world(ing.cidr_blocks) && !world(ing.ipv6_cidr_blocks), `${where(sg)}: inline ingress open to the internet`);
      }
      for (const rule of allResources(repo.tf, "aws_security_group_rule")) {
        if (rule.body.type === "ingress") problems.check(!world(rule.body.cidr_blocks) && !world(rule.body.ipv6_cidr_blocks), `${where(rule)}: ingress open to the internet`);
      }
      problems.done();
    },
  },
  {
    id: "sg-tiers",
    title: "app <- ALB on 8080 (and the ALB sends only there); RDS 3306 <- app and rotation; Redis 6379, MSK 9094 <- app",
    run(repo) {
      const problems = new Problems();
      const rules = allResources(repo.tf, "aws_vpc_security_group_ingress_rule");
      const expectations = { app: { port: 8080, from: ["alb"] }, rds: { port: 3306, from: ["app", "rotation"] }, redis: { port: 6379, from: ["app"] }, msk: { port: 9094, from: ["app"] } };
      for (const [sg, { port, from }] of Object.entries(expectations)) {
        const into = rules.filter((r) => ref("aws_security_group", sg).test(String(r.body.security_group_id)));
        problems.check(into.length > 0, `no ingress rule into aws_security_group.${sg}`);
        for (const rule of into) {
          problems.check(from.some((f) => ref("aws_security_group", f).test(String(rule.body.referenced_security_group_id ?? ""))), `${where(rule)}: must admit only aws_security_group.${from.join(" or ")}`);
          problems.check(rule.body.cidr_ipv4 == null && rule.body.cidr_ipv6 == null, `${where(rule)}: no CIDR ingress`);
          eachValue(repo, rule, rule.body, (body, at) => problems.check(num(body.from_port) === port && num(body.to_port) === port, `${at}: port ${body.from_port}-${body.to_port}, expected ${port}`));
        }
      }
      // The ALB's only egress: the tasks, on the port the target group sends to.
      const egress = allResources(repo.tf, "aws_vpc_security_group_egress_rule").filter((r) => ref("aws_security_group", "alb").test(String(r.body.security_group_id)));
      problems.check(egress.length === 1, "the ALB security group needs exactly one egress rule (to the tasks)");
      for (const rule of egress) {
        problems.check(ref("aws_security_group", "app").test(String(rule.body.referenced_security_group_id ?? "")), `${where(rule)}: ALB egress must go to the app security group`);
        eachValue(repo, rule, rule.body, (body, at) => problems.check(num(body.from_port) === 8080 && num(body.to_port) === 8080, `${at}: ALB egress on ${body.from_port}-${body.to_port}, but the target group and health checks use 8080`));
      }
      problems.done();
    },
  },

  // -------------------------------------------------------------------------------------------------------
  // MySQL
  // -------------------------------------------------------------------------------------------------------
  {
    id: "rds-instances",
    title: "RDS: private, encrypted, MySQL 8.4, CA pinned; the primary backed up 7+ days and protected (Multi-AZ in prod)",
    run(repo) {
      const problems = new Problems();
      const dbs = requireSome(allResources(repo.tf, "aws_db_instance"), "aws_db_instance");
      const primaries = dbs.filter((d) => d.body.replicate_source_db === undefined);
      const replicas = dbs.filter((d) => d.body.replicate_source_db !== undefined);
      assert.equal(primaries.length, 1, "expected one primary aws_db_instance");
      problems.check(replicas.length >= 1, "expected a read replica (aws_db_instance with replicate_source_db)");
      for (const db of dbs) {
        problems.check(db.body.publicly_accessible === false, `${where(db)}: publicly_accessible must be false`);
        problems.check(db.body.storage_encrypted === true, `${where(db)}: storage_encrypted must be true`);
        problems.check(db.body.ca_cert_identifier !== undefined, `${where(db)}: ca_cert_identifier must be set (the trust store holds the RDS CAs)`);
      }
      const primary = primaries[0];
      eachValue(repo, primary, primary.body, (body, at, ctx) => {
        problems.check(body.engine === "mysql", `${at}: engine`);
        problems.check(/^8\.4(\.\d+)?$/.test(String(body.engine_version)), `${at}: engine_version ${body.engine_version}: MySQL 8.4 LTS (8.0 is in paid Extended Support since 2026-08)`);
        problems.check(num(body.backup_retention_period) >= 7, `${at}: backup_retention_period ${body.backup_retention_period}`);
        problems.check(body.deletion_protection === true, `${at}: deletion_protection`);
        if (envOf(ctx) === "terraform/envs/prod") problems.check(body.multi_az === true, `${at}: the production primary must be Multi-AZ`);
      });
      for (const replica of replicas) {
        problems.check(new RegExp(`aws_db_instance\\.${primary.name}\\.`).test(String(replica.body.replicate_source_db)), `${where(replica)}: must replicate ${primary.name}`);
        problems.check(replica.body.max_allocated_storage !== undefined, `${where(replica)}: max_allocated_storage must be set (a full replica stops replicating)`);
        // Same module, same calling contexts, in the same order.
        const primaryMax = resolveAll(repo.tf, primary.mod, primary.body.max_allocated_storage);
        resolveAll(repo.tf, replica.mod, replica.body.max_allocated_storage).forEach(({ ctx, value }, i) => {
          const p = primaryMax[i]?.value;
          if (isLiteral(value) && isLiteral(p)) problems.check(num(value) >= num(p), `${where(replica)} [${ctx.root}]: the replica may grow to ${value} GiB, less than the primary's ${p}`);
        });
      }
      problems.done();
    },
  },
  {
    id: "rds-master-password",
    title: "the master password is write-only from an ephemeral value into the instance and its secret (the replica needs it)",
    run(repo) {
      const problems = new Problems();
      const dbs = allResources(repo.tf, "aws_db_instance");
      const primary = dbs.find((d) => d.body.replicate_source_db === undefined);
      if (!primary) return;
      const b = primary.body;
      // RDS refuses a read replica of a MySQL instance whose master password it manages.
      problems.check(b.manage_master_user_password === undefined || b.manage_master_user_password === false, `${where(primary)}: manage_master_user_password cannot be used with a read replica`);
      problems.check(b.password === undefined, `${where(primary)}: no password attribute (it would be stored in the state)`);
      problems.check(/^\$\{ephemeral\.random_password\.[A-Za-z0-9_]+\.result\}$/.test(String(b.password_wo)), `${where(primary)}: password_wo must be an ephemeral random_password`);
      problems.check(/^\$\{var\.[A-Za-z0-9_]+\}$/.test(String(b.password_wo_version)), `${where(primary)}: password_wo_version must be a variable (raise it to rotate)`);
      for (const replica of dbs.filter((d) => d.body.replicate_source_db !== undefined)) {
        problems.check(replica.body.password === undefined && replica.body.password_wo === undefined && replica.body.manage_master_user_password === undefined, `${where(replica)}: a replica takes its users from the primary`);
      }
      const version = primary.mod.resourcesOf("aws_secretsmanager_secret_version").find((v) => String(v.body.secret_string_wo).includes(String(b.password_wo).slice(2, -1)));
      if (problems.check(version, `${primary.mod.rel}: no secret version is written with the same ephemeral password`)) {
        problems.check(version.body.secret_string_wo_version === b.password_wo_version, `${where(version)}: secret_string_wo_version must be the instance's password_wo_version (they change together)`);
        problems.check(version.body.secret_string === undefined, `${where(version)}: secret_string would store the password in the state`);
      }
      for (const v of allResources(repo.tf, "aws_secretsmanager_secret_version")) {
        problems.check(v.body.secret_string === undefined || v.mod.rel.endsWith("modules/redis"), `${where(v)}: write secrets with secret_string_wo (only the Redis token, which ElastiCache needs in its own argument, is in the state)`);
      }
      problems.done();
    },
  },
  {
    id: "rds-parameters",
    title: "the parameter group: MySQL 8.4 family, ROW binlog, GTID on, TLS required (require_secure_transport)",
    run(repo) {
      const problems = new Problems();
      const primary = allResources(repo.tf, "aws_db_instance").find((d) => d.body.replicate_source_db === undefined);
      const pgName = String(primary?.body.parameter_group_name).match(/aws_db_parameter_group\.([A-Za-z0-9_-]+)\./)?.[1];
      const pg = primary?.mod.resource("aws_db_parameter_group", pgName);
      assert.ok(pg, "the primary's parameter group is not managed in its module");
      for (const db of allResources(repo.tf, "aws_db_instance")) problems.check(db.body.parameter_group_name === primary.body.parameter_group_name, `${where(db)}: every instance uses the same parameter group (the replica must require TLS too)`);
      eachValue(repo, pg, pg.body.family, (v, at) => problems.check(v === "mysql8.4", `${at}: family ${v}`));
      const params = Object.fromEntries(blocks(pg.body, "parameter").map((p) => [p.name, String(p.value)]));
      problems.check(params.binlog_format === "ROW", `${where(pg)}: binlog_format ${params.binlog_format}`);
      problems.check(params["gtid-mode"] === "ON", `${where(pg)}: gtid-mode ${params["gtid-mode"]}`);
      problems.check(params.enforce_gtid_consistency === "ON", `${where(pg)}: enforce_gtid_consistency ${params.enforce_gtid_consistency}`);
      problems.check(params.require_secure_transport === "1", `${where(pg)}: require_secure_transport must be 1 (TLS for every connection), got ${params.require_secure_transport}`);
      problems.done();
    },
  },
  {
    id: "rds-logs",
    title: "every exported MySQL log has a Terraform-made log group with a retention",
    run(repo) {
      const problems = new Problems();
      const rds = dirByRel(repo.tf, "terraform/modules/rds");
      const groups = rds?.resourcesOf("aws_cloudwatch_log_group") ?? [];
      const lg = groups.find((g) => /aws\/rds\/instance/.test(JSON.stringify(rds.locals.log_groups ?? "")) && g.body.for_each);
      problems.check(lg && lg.body.retention_in_days !== undefined, "modules/rds: a log group per instance and exported log, with retention_in_days");
      for (const db of rds?.resourcesOf("aws_db_instance") ?? []) {
        problems.check(db.body.enabled_cloudwatch_logs_exports !== undefined, `${where(db)}: export the error and slow query logs`);
        problems.check(JSON.stringify(db.body.depends_on ?? []).includes("aws_cloudwatch_log_group"), `${where(db)}: must depend on its log groups (else RDS creates them without retention)`);
      }
      problems.done();
    },
  },
  {
    id: "db-users",
    title: "the service has its own DML-only user, the migrations a schema owner; both rotate by alternating users",
    run(repo) {
      const problems = new Problems();
      const script = repo.exists("terraform/modules/db-users/create-users.sh") ? repo.read("terraform/modules/db-users/create-users.sh") : "";
      const appGrant = script.match(/grant_app\(\)\s*\{([\s\S]*?)\n\}/)?.[1] ?? "";
      problems.check(/GRANT SELECT, INSERT, UPDATE, DELETE ON \\`\$DB_NAME\\`\.\*/.test(appGrant), "create-users.sh: the app user gets SELECT, INSERT, UPDATE, DELETE on the application schema");
      problems.check(!/ALL|CREATE|DROP|ALTER|INDEX|REFERENCES|SUPER|GRANT OPTION|\*\.\* TO[^;]*(SELECT|INSERT|UPDATE|DELETE)/.test(appGrant.replace(/REPLICATION CLIENT ON \*\.\*/, "")), "create-users.sh: the app user must not get DDL or privileges beyond its schema");
      problems.check(/GRANT ALL PRIVILEGES ON \\`\$DB_NAME\\`\.\* TO/.test(script), "create-users.sh: the migrator owns the application schema");
      problems.check(/_clone/.test(script), "create-users.sh: grants must be kept on both users of each alternating pair");
      const mod = dirByRel(repo.tf, "terraform/modules/db-users");
      const stack = mod?.resource("aws_serverlessapplicationrepository_cloudformation_stack", "rotation");
      problems.check(/SecretsManagerRDSMySQLRotationMultiUser$/.test(String(stack?.body.application_id)), "modules/db-users: rotation must use the MySQL multi-user (alternating users) function");
      problems.check(/var\.master_secret_arn/.test(String(stack?.body.parameters?.masterSecretArn)), "modules/db-users: the rotation function gets the master secret (masterSecretArn)");
      const rotation = mod?.resource("aws_secretsmanager_secret_rotation", "user");
      problems.check(rotation && rotation.body.for_each !== undefined && /RotationLambdaARN/.test(String(rotation.body.rotation_lambda_arn)), "modules/db-users: both user secrets rotate with that function");
      const version = mod?.resource("aws_secretsmanager_secret_version", "user");
      problems.check(/masterarn/.test(JSON.stringify(mod?.locals.secret_layout ?? {})) && /secret_layout/.test(String(version?.body.secret_string_wo)), "modules/db-users: the user secrets carry masterarn (multi-user rotation)");
      const task = mod && oneOffTasks(mod)[0];
      problems.check(task && /create-users\.sh/.test(JSON.stringify(task.body.container)), "modules/db-users: a one-off task (modules/ecs-task) runs create-users.sh");
      problems.check(task && task.body.create_execution_role !== false && /var\.master_secret_arn/.test(JSON.stringify(task.body.secret_arns)), "modules/db-users: the users task has its own execution role, the only one that reads the master secret");
      problems.check(mod?.resource("aws_cloudwatch_event_rule", "rotation_failed"), "modules/db-users: failed rotations must reach the alarm topic");
      problems.done();
    },
  },

  // -------------------------------------------------------------------------------------------------------
  // Redis, Kafka
  // -------------------------------------------------------------------------------------------------------
  {
    id: "redis",
    title: "ElastiCache: TLS in transit, encrypted at rest, AUTH token from a generated secret, failover, Redis 7",
    run(repo) {
      const problems = new Problems();
      for (const rg of requireSome(allResources(repo.tf, "aws_elasticache_replication_group"), "aws_elasticache_replication_group")) {
        eachValue(repo, rg, rg.body, (body, at) => {
          for (const flag of ["transit_encryption_enabled", "at_rest_encryption_enabled", "automatic_failover_enabled", "multi_az_enabled"]) problems.check(body[flag] === true, `${at}: ${flag}`);
          problems.check(/^7\./.test(String(body.engine_version)), `${at}: engine_version ${body.engine_version}`);
          problems.check(/^\$\{random_password\.[A-Za-z0-9_-]+\.result\}$/.test(String(body.auth_token)), `${at}: auth_token must be a random_password`);
        });
        const pw = String(rg.body.auth_token).match(/random_password\.([A-Za-z0-9_-]+)\./)?.[1];
        problems.check(rg.mod.resourcesOf("aws_secretsmanager_secret_version").some((v) => String(v.body.secret_string).includes(`random_password.${pw}.result`)), `${where(rg)}: the AUTH token must be stored in Secrets Manager`);
      }
      problems.done();
    },
  },
  {
    id: "msk",
    title: "MSK: three brokers, TLS everywhere, encryption at rest; no auto-created topics; topics RF 3, min ISR 2",
    run(repo) {
      const problems = new Problems();
      for (const c of requireSome(allResources(repo.tf, "aws_msk_cluster"), "aws_msk_cluster")) {
        problems.check(num(c.body.number_of_broker_nodes) === 3, `${where(c)}: number_of_broker_nodes`);
        const enc = block(c.body, "encryption_info");
        const transit = block(enc, "encryption_in_transit");
        problems.check(transit?.client_broker === "TLS" && transit?.in_cluster !== false, `${where(c)}: TLS between clients and brokers and in the cluster`);
        problems.check(enc?.encryption_at_rest_kms_key_arn, `${where(c)}: encryption_at_rest_kms_key_arn`);
        problems.check(/aws_msk_configuration\./.test(String(block(c.body, "configuration_info")?.arn)), `${where(c)}: must use the managed configuration`);
      }
      for (const conf of requireSome(allResources(repo.tf, "aws_msk_configuration"), "aws_msk_configuration")) {
        const props = parseProperties(conf.body.server_properties);
        problems.check(props["auto.create.topics.enable"] === "false", `${where(conf)}: auto.create.topics.enable`);
        problems.check(props["min.insync.replicas"] === "2" && props["default.replication.factor"] === "3", `${where(conf)}: min.insync.replicas 2, default.replication.factor 3`);
      }
      const topicsModule = dirByRel(repo.tf, "terraform/modules/kafka-topics");
      const contexts = topicsModule ? contextsOf(repo.tf, topicsModule).filter((c) => c.args) : [];
      problems.check(contexts.length > 0, "modules/kafka-topics is never called");
      for (const ctx of contexts) {
        const topics = resolve("${var.topics}", ctx);
        for (const name of ["payment-completed", "order-cancelled"]) {
          const t = topics?.[name];
          if (!problems.check(t && typeof t === "object", `${ctx.label}: topic ${name} missing or not resolvable`)) continue;
          problems.check(num(t.partitions) === 6 && num(t.replication_factor) === 3 && String(t.config?.["min.insync.replicas"]) === "2", `${ctx.label}: ${name} must have 6 partitions, RF 3, min.insync.replicas 2`);
        }
      }
      problems.done();
    },
  },

  // -------------------------------------------------------------------------------------------------------
  // Alarms, environments, bootstrap
  // -------------------------------------------------------------------------------------------------------
  {
    id: "monitoring",
    title: "alarms (5xx, unhealthy hosts, running tasks, outbox lag, replica lag, storage, CPU, Redis, MSK disk) notify SNS",
    run(repo) {
      const problems = new Problems();
      const alarms = allResources(repo.tf, "aws_cloudwatch_metric_alarm");
      for (const metric of ["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "UnHealthyHostCount", "RunningTaskCount", "flashcart_outbox_oldest_pending_age_seconds", "ReplicaLag", "FreeStorageSpace", "CPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions", "KafkaDataLogsDiskUsed"]) {
        problems.check(alarms.some((a) => a.body.metric_name === metric), `no alarm on ${metric}`);
      }
      for (const a of alarms) {
        problems.check(/aws_sns_topic\.|local\.actions/.test(JSON.stringify(a.body.alarm_actions ?? "")), `${where(a)}: alarm_actions must notify the SNS topic`);
      }
      const flashcart = dirByRel(repo.tf, "terraform/modules/flashcart");
      problems.check(flashcart?.modules.some((m) => m.name === "monitoring"), "modules/flashcart must call modules/monitoring");
      problems.done();
    },
  },
  {
    id: "envs-staging",
    title: "staging runs the same modules as production, smaller",
    run(repo) {
      const problems = new Problems();
      const prod = dirByRel(repo.tf, "terraform/envs/prod");
      const staging = dirByRel(repo.tf, "terraform/envs/staging");
      const flashcart = dirByRel(repo.tf, "terraform/modules/flashcart");
      if (!prod || !staging || !flashcart) return problems.done();
      // Each environment is one call of modules/flashcart; the two set the same arguments and take the same
      // variables, so they differ in values only.
      const call = (dir) => (dir.modules.length === 1 && dir.modules[0].body.source === "../../modules/flashcart" ? dir.modules[0] : null);
      if (!problems.check(call(prod) && call(staging), "envs/prod and envs/staging must each call modules/flashcart, and nothing else")) return problems.done();
      const names = (o) => Object.keys(o).sort().join(", ");
      problems.check(names(call(prod).body) === names(call(staging).body), `envs/prod and envs/staging must set the same arguments of modules/flashcart:\n    prod:    ${names(call(prod).body)}\n    staging: ${names(call(staging).body)}`);
      problems.check(names(prod.variables) === names(staging.variables), "envs/prod and envs/staging must take the same variables");
      // What an argument of modules/flashcart is in an environment: its value there, or the module's default.
      const d = (dir, name) => (name in call(dir).body ? resolve(call(dir).body[name], contextsOf(repo.tf, dir)[0]) : flashcart.variables[name]?.body.default);
      problems.check(d(staging, "environment") === "staging" && d(prod, "environment") === "prod", "environment names");
      problems.check(d(staging, "vpc_cidr") !== d(prod, "vpc_cidr"), "staging and prod need different VPC CIDRs");
      const smaller = (name, order) => problems.check(order.indexOf(d(staging, name)) >= 0 && order.indexOf(d(staging, name)) <= order.indexOf(d(prod, name)), `staging ${name} (${d(staging, name)}) must not be larger than prod's (${d(prod, name)})`);
      smaller("db_instance_class", ["db.t4g.micro", "db.t4g.small", "db.t4g.medium", "db.t4g.large", "db.r6g.large", "db.r7g.large", "db.r6g.xlarge"]);
      smaller("redis_node_type", ["cache.t4g.micro", "cache.t4g.small", "cache.t4g.medium", "cache.r7g.large", "cache.r7g.xlarge"]);
      smaller("msk_broker_instance_type", ["kafka.t3.small", "kafka.m7g.large", "kafka.m7g.xlarge"]);
      problems.check(num(d(staging, "max_tasks")) <= num(d(prod, "max_tasks")), "staging max_tasks");
      problems.check(d(prod, "single_nat_gateway") === false && d(prod, "db_multi_az") === true, "production keeps a NAT gateway per AZ and a Multi-AZ primary");
      problems.check(/staging/.test(block(staging.terraformBlocks.map((b) => block(b.body, "backend")).find(Boolean), "s3")?.key ?? ""), "staging has its own state key");
      problems.done();
    },
  },
  {
    id: "bootstrap-release-roles",
    title: "bootstrap: GitHub OIDC roles bound to one repository context each; plan read-only; apply per environment",
    run(repo) {
      const problems = new Problems();
      const boot = dirByRel(repo.tf, "terraform/bootstrap");
      if (!problems.check(boot, "terraform/bootstrap is missing")) return problems.done();
      const oidc = boot.resourcesOf("aws_iam_openid_connect_provider")[0];
      problems.check(oidc && /token\.actions\.githubusercontent\.com/.test(String(resolve(oidc.body.url, contextsOf(repo.tf, boot)[0]))) && JSON.stringify(oidc.body.client_id_list) === '["sts.amazonaws.com"]', "bootstrap: the GitHub OIDC provider with audience sts.amazonaws.com");
      const trust = boot.dataSources.find((d) => d.type === "aws_iam_policy_document" && d.name === "github_trust");
      const subjects = trust?.body.for_each ?? {};
      problems.check(JSON.stringify(subjects.plan) === JSON.stringify(["${local.github_subject}:pull_request", "${local.github_subject}:ref:refs/heads/main"]), `bootstrap: the plan role trusts pull requests and main only, got ${JSON.stringify(subjects.plan)}`);
      problems.check(JSON.stringify(subjects["ecr-push"]) === JSON.stringify(["${local.github_subject}:ref:refs/heads/main"]), "bootstrap: the ECR push role trusts main only");
      for (const env of ["staging", "production"]) problems.check(JSON.stringify(subjects[env]) === JSON.stringify([`\${local.github_subject}:environment:${env}`]), `bootstrap: the ${env} apply role trusts the GitHub environment ${env} only`);
      const conditions = blocks(block(trust?.body, "statement"), "condition");
      problems.check(conditions.some((c) => c.test === "StringEquals" && /:aud"?\}?$/.test(String(c.variable)) && JSON.stringify(c.values) === '["sts.amazonaws.com"]'), "bootstrap: trust requires aud = sts.amazonaws.com");
      problems.check(conditions.some((c) => c.test === "StringEquals" && /:sub/.test(String(c.variable))), "bootstrap: trust matches sub exactly (StringEquals, no wildcards)");
      problems.check(!/\*/.test(String(boot.locals.github_subject)), "bootstrap: no wildcard in the subject");
      const attachments = boot.resourcesOf("aws_iam_role_policy_attachment");
      problems.check(attachments.some((a) => /aws_iam_role\.plan\./.test(String(a.body.role)) && /ReadOnlyAccess$/.test(String(a.body.policy_arn))), "bootstrap: the plan role is ReadOnlyAccess");
      problems.check(!attachments.some((a) => /aws_iam_role\.(plan|ecr_push)\./.test(String(a.body.role)) && /AdministratorAccess/.test(String(a.body.policy_arn))), "bootstrap: only the environment apply roles are administrators");
      const state = boot.resource("aws_s3_bucket_versioning", "state");
      problems.check(block(state?.body, "versioning_configuration")?.status === "Enabled", "bootstrap: the state bucket is versioned");
      problems.check(boot.resourcesOf("aws_s3_bucket_public_access_block").length >= 1 && boot.resourcesOf("aws_s3_bucket_server_side_encryption_configuration").length >= 1, "bootstrap: the state bucket is private and encrypted");
      problems.done();
    },
  },
];
