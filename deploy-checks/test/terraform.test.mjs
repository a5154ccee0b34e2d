// Cross-cutting facts of terraform/ that the service and its operators rely on. Each test names the fact;
// a failure message names the file and resource that broke it.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import {
  TERRAFORM_ROOT,
  allResources,
  block,
  blocks,
  contextsOf,
  isRegistrySource,
  loadTerraform,
  num,
  parseProperties,
  resolve,
  resolveAll,
} from "../lib/terraform.mjs";

let tf;

before(async () => {
  tf = await loadTerraform();
});

const where = (r) => `${r.mod.rel}/${r.file}: ${r.type}.${r.name}`;

function requireSome(list, what) {
  assert.ok(list.length > 0, `expected at least one ${what} under terraform/`);
  return list;
}

/** Calls `check(value, label)` for what `expr` of resource r evaluates to in every calling context. */
function eachValue(r, expr, check) {
  for (const { ctx, value } of resolveAll(tf, r.mod, expr)) check(value, `${where(r)} [${ctx.label}]`);
}

const ref = (type, name) => new RegExp(`^\\$\\{${type}\\.${name}\\.[a-z_]+\\}$`);

// -----------------------------------------------------------------------------------------------------------
// Layout and hygiene
// -----------------------------------------------------------------------------------------------------------

test("every .tf file parses with the HCL parser", () => {
  assert.ok(tf.files.length >= 20, `only ${tf.files.length} .tf files found under ${TERRAFORM_ROOT}`);
});

test("modules and envs have the standard files", () => {
  const modulesDir = path.join(TERRAFORM_ROOT, "modules");
  const modules = fs.readdirSync(modulesDir).filter((d) => fs.statSync(path.join(modulesDir, d)).isDirectory());
  assert.ok(modules.length >= 6, "expected the network, alb, ecs-service, rds, redis and msk modules at least");
  for (const m of modules) {
    for (const f of ["main.tf", "variables.tf", "outputs.tf", "versions.tf"]) {
      assert.ok(fs.existsSync(path.join(modulesDir, m, f)), `terraform/modules/${m}/${f} is missing`);
    }
  }
  for (const f of ["main.tf", "backend.tf", "variables.tf", "outputs.tf", "versions.tf", "terraform.tfvars.example"]) {
    assert.ok(fs.existsSync(path.join(TERRAFORM_ROOT, "envs", "prod", f)), `terraform/envs/prod/${f} is missing`);
  }
});

test("every variable is declared in variables.tf with a description and a type", () => {
  let count = 0;
  for (const mod of tf.dirs) {
    for (const [name, { body, file }] of Object.entries(mod.variables)) {
      count++;
      const at = `${mod.rel}/${file}: variable "${name}"`;
      assert.equal(file, "variables.tf", `${at} belongs in variables.tf`);
      assert.ok(typeof body.description === "string" && body.description.trim().length > 0, `${at} has no description`);
      assert.ok(body.type !== undefined, `${at} has no type`);
    }
  }
  assert.ok(count > 0, "no variables found");
});

test("no password, secret or token variable has a default", () => {
  for (const mod of tf.dirs) {
    for (const [name, { body, file }] of Object.entries(mod.variables)) {
      if (/password|secret|token/i.test(name)) {
        assert.ok(!("default" in body), `${mod.rel}/${file}: variable "${name}" must not have a default (secrets come from Secrets Manager)`);
      }
    }
  }
});

test("no secret is written as a literal in the code", () => {
  const secretAttrs = ["password", "auth_token", "master_password", "secret_string"];
  for (const mod of tf.dirs) {
    for (const r of mod.resources) {
      for (const attr of secretAttrs) {
        const v = r.body[attr];
        if (v === undefined) continue;
        assert.ok(typeof v === "string" && v.includes("${"), `${mod.rel}/${r.file}: ${r.type}.${r.name}.${attr} is a literal`);
      }
    }
  }
});

test("Terraform, every provider and every registry module have pinned versions", () => {
  let versionFiles = 0;
  for (const mod of tf.dirs) {
    const blocksWithRequirements = mod.terraformBlocks.filter((b) => b.body.required_version || b.body.required_providers);
    if (mod.files["versions.tf"]) {
      versionFiles++;
      assert.ok(blocksWithRequirements.length > 0, `${mod.rel}/versions.tf has no terraform block`);
    }
    for (const { body, file } of blocksWithRequirements) {
      assert.ok(typeof body.required_version === "string" && body.required_version.length > 0, `${mod.rel}/${file}: required_version missing`);
      const providers = Object.assign({}, ...(body.required_providers ?? []));
      assert.ok(Object.keys(providers).length > 0, `${mod.rel}/${file}: required_providers is empty`);
      for (const [name, req] of Object.entries(providers)) {
        assert.ok(req && typeof req === "object", `${mod.rel}/${file}: provider ${name} needs { source, version }`);
        assert.ok(typeof req.source === "string" && req.source.includes("/"), `${mod.rel}/${file}: provider ${name} has no source`);
        assert.match(String(req.version ?? ""), /^~>\s*\d+\.\d+/, `${mod.rel}/${file}: provider ${name} must be pinned with "~> X.Y"`);
      }
    }
    // Every provider used by a resource must be declared in required_providers of that folder.
    const declared = new Set(blocksWithRequirements.flatMap(({ body }) => (body.required_providers ?? []).flatMap(Object.keys)));
    for (const r of [...mod.resources, ...mod.dataSources]) {
      const provider = r.type.split("_")[0];
      if (provider === "terraform") continue;
      assert.ok(declared.has(provider), `${mod.rel}/${r.file}: ${r.type}.${r.name} uses provider "${provider}", not in required_providers`);
    }
    for (const call of mod.modules) {
      if (isRegistrySource(call.body.source)) {
        assert.ok(typeof call.body.version === "string" && call.body.version.length > 0, `${mod.rel}/${call.file}: module "${call.name}" (${call.body.source}) has no version`);
      }
    }
  }
  assert.ok(versionFiles >= 8, `expected a versions.tf in every module and root, found ${versionFiles}`);
});

test("the prod state lives in S3 with a DynamoDB lock", () => {
  const prod = tf.dirs.find((d) => d.rel === path.join("terraform", "envs", "prod"));
  assert.ok(prod, "terraform/envs/prod not found");
  const backend = prod.terraformBlocks.map((b) => block(b.body, "backend")).find(Boolean);
  assert.ok(backend?.s3, "terraform/envs/prod has no s3 backend");
  const s3 = block(backend, "s3");
  assert.ok(s3.bucket && s3.key, "s3 backend needs bucket and key");
  assert.ok(s3.dynamodb_table, "s3 backend needs a dynamodb_table lock");
  assert.equal(s3.encrypt, true, "s3 backend must encrypt the state");
});

// -----------------------------------------------------------------------------------------------------------
// Load balancer, DNS and TLS
// -----------------------------------------------------------------------------------------------------------

test("target group: port 8080, health check /q/health/ready on the traffic port, matcher 200", () => {
  for (const tg of requireSome(allResources(tf, "aws_lb_target_group"), "aws_lb_target_group")) {
    eachValue(tg, tg.body, (body, at) => {
      assert.equal(num(body.port), 8080, `${at}: port`);
      const hc = block(body, "health_check");
      assert.ok(hc, `${at}: no health_check block`);
      assert.equal(hc.path, "/q/health/ready", `${at}: health_check.path`);
      assert.equal(String(hc.matcher), "200", `${at}: health_check.matcher`);
      assert.ok(hc.port === undefined || ["traffic-port", "8080", 8080].includes(hc.port), `${at}: health_check.port is ${hc.port}`);
      assert.notEqual(hc.enabled, false, `${at}: health check disabled`);
    });
  }
});

test("target group deregistration delay is 30 s (graceful shutdown is 25 s)", () => {
  for (const tg of requireSome(allResources(tf, "aws_lb_target_group"), "aws_lb_target_group")) {
    eachValue(tg, tg.body.deregistration_delay, (v, at) => assert.equal(num(v), 30, `${at}: deregistration_delay`));
  }
});

test("HTTPS listener with a TLS policy and an ACM certificate; HTTP redirects to HTTPS", () => {
  const listeners = requireSome(allResources(tf, "aws_lb_listener"), "aws_lb_listener");
  const https = listeners.filter((l) => l.body.protocol === "HTTPS");
  assert.equal(https.length, 1, "expected exactly one HTTPS listener");
  eachValue(https[0], https[0].body, (body, at) => {
    assert.equal(num(body.port), 443, `${at}: port`);
    assert.match(String(body.ssl_policy), /^ELBSecurityPolicy-TLS13/, `${at}: ssl_policy`);
    assert.match(String(body.certificate_arn), /aws_acm_certificate/, `${at}: certificate_arn must come from ACM`);
  });
  const http = listeners.filter((l) => l.body.protocol === "HTTP");
  assert.equal(http.length, 1, "expected exactly one HTTP listener");
  const action = block(http[0].body, "default_action");
  assert.equal(action.type, "redirect", `${where(http[0])}: must redirect`);
  const redirect = block(action, "redirect");
  assert.equal(redirect.protocol, "HTTPS", `${where(http[0])}: redirect protocol`);
  assert.equal(String(redirect.port), "443", `${where(http[0])}: redirect port`);
  assert.equal(redirect.status_code, "HTTP_301", `${where(http[0])}: redirect status`);
});

test("ACM certificate validated through DNS; Route 53 A and AAAA aliases to the ALB", () => {
  const certs = requireSome(allResources(tf, "aws_acm_certificate"), "aws_acm_certificate");
  for (const c of certs) assert.equal(c.body.validation_method, "DNS", `${where(c)}: validation_method`);
  requireSome(allResources(tf, "aws_acm_certificate_validation"), "aws_acm_certificate_validation");
  const records = allResources(tf, "aws_route53_record").filter((r) => r.body.alias);
  for (const type of ["A", "AAAA"]) {
    const rec = records.find((r) => r.body.type === type);
    assert.ok(rec, `no aliased Route 53 ${type} record`);
    assert.match(String(block(rec.body, "alias").name), /aws_lb\./, `${where(rec)}: alias must point at the ALB`);
  }
});

test("the ALB is internet-facing in the public subnets; nothing else gets a public IP", () => {
  for (const lb of requireSome(allResources(tf, "aws_lb"), "aws_lb")) {
    assert.equal(lb.body.internal, false, `${where(lb)}: internal`);
    assert.match(String(lb.body.subnets), /public/, `${where(lb)}: must sit in the public subnets`);
  }
  for (const svc of allResources(tf, "aws_ecs_service")) {
    const net = block(svc.body, "network_configuration");
    assert.equal(net.assign_public_ip, false, `${where(svc)}: assign_public_ip`);
    assert.match(String(net.subnets), /private/, `${where(svc)}: must run in private subnets`);
  }
});

// -----------------------------------------------------------------------------------------------------------
// ECS
// -----------------------------------------------------------------------------------------------------------

/** The container definitions of a task definition written as jsonencode([local.x, ...]), resolved. */
function containersOf(taskDef, ctx) {
  const expr = String(taskDef.body.container_definitions);
  const m = expr.match(/^\$\{jsonencode\(\[\s*((?:local\.[A-Za-z0-9_]+\s*,?\s*)+)\]\)\}$/);
  if (!m) return null;
  const names = m[1].split(",").map((s) => s.trim().replace(/^local\./, "")).filter(Boolean);
  return names.map((n) => resolve(`\${local.${n}}`, ctx));
}

function servicesWithLoadBalancer() {
  return requireSome(allResources(tf, "aws_ecs_service").filter((s) => block(s.body, "load_balancer")), "ECS service behind the ALB");
}

test("ECS service: container port 8080 in the task and the load balancer block", () => {
  for (const svc of servicesWithLoadBalancer()) {
    const tdName = String(svc.body.task_definition).match(/aws_ecs_task_definition\.([A-Za-z0-9_-]+)\./)?.[1];
    const td = svc.mod.resourcesOf("aws_ecs_task_definition").find((t) => t.name === tdName);
    assert.ok(td, `${where(svc)}: task definition ${tdName} not found in the same module`);
    for (const ctx of contextsOf(tf, svc.mod)) {
      const at = `${where(svc)} [${ctx.label}]`;
      const lb = resolve(block(svc.body, "load_balancer"), ctx);
      assert.equal(num(lb.container_port), 8080, `${at}: load_balancer.container_port`);
      const containers = containersOf(td, ctx);
      assert.ok(containers, `${where(td)}: container_definitions must be jsonencode([local.<container>])`);
      const app = containers.find((c) => c.name === lb.container_name);
      assert.ok(app, `${at}: no container named ${lb.container_name} in ${where(td)}`);
      const ports = (app.portMappings ?? []).map((p) => num(p.containerPort));
      assert.deepEqual(ports, [8080], `${at}: portMappings containerPort`);
    }
  }
});

test("ECS container health check probes /q/health/live; stopTimeout >= 30 s", () => {
  for (const svc of servicesWithLoadBalancer()) {
    for (const td of svc.mod.resourcesOf("aws_ecs_task_definition")) {
      for (const ctx of contextsOf(tf, svc.mod)) {
        const at = `${where(td)} [${ctx.label}]`;
        const containers = containersOf(td, ctx);
        assert.ok(containers, `${at}: container_definitions must be jsonencode([local.<container>])`);
        for (const c of containers) {
          const cmd = c.healthCheck?.command;
          assert.ok(Array.isArray(cmd) && cmd.length >= 2, `${at}: container ${c.name} has no healthCheck.command`);
          assert.ok(cmd.join(" ").includes("/q/health/live"), `${at}: health check must probe /q/health/live, got ${cmd.join(" ")}`);
          assert.ok(!cmd.join(" ").includes("/q/health/ready"), `${at}: liveness must not use the readiness probe`);
          assert.ok(num(c.stopTimeout) >= 30, `${at}: stopTimeout ${c.stopTimeout} < 30`);
        }
      }
    }
  }
});

test("ECS service: desired 2, autoscaling on CPU and on ALB requests per target", () => {
  for (const svc of servicesWithLoadBalancer()) {
    eachValue(svc, svc.body.desired_count, (v, at) => assert.equal(num(v), 2, `${at}: desired_count`));
    const metrics = svc.mod
      .resourcesOf("aws_appautoscaling_policy")
      .map((p) => block(block(p.body, "target_tracking_scaling_policy_configuration"), "predefined_metric_specification")?.predefined_metric_type);
    for (const metric of ["ECSServiceAverageCPUUtilization", "ALBRequestCountPerTarget"]) {
      assert.ok(metrics.includes(metric), `${svc.mod.rel}: no target-tracking policy on ${metric}`);
    }
    for (const target of svc.mod.resourcesOf("aws_appautoscaling_target")) {
      eachValue(target, target.body.min_capacity, (v, at) => assert.ok(num(v) >= 2, `${at}: min_capacity`));
    }
  }
});

test("the execution role may read secrets; the task gets the service's environment contract", () => {
  const calls = tf.dirs.flatMap((d) => d.modules.filter((m) => String(m.body.source).endsWith("modules/ecs-service")).map((m) => ({ ...m, mod: d })));
  requireSome(calls, "call of modules/ecs-service");
  for (const call of calls) {
    const at = `${call.mod.rel}/${call.file}: module.${call.name}`;
    const env = call.body.environment ?? {};
    const secrets = call.body.secrets ?? {};
    for (const name of [
      "FLASHCART_DB_PRIMARY_URL",
      "FLASHCART_DB_REPLICA_URL",
      "FLASHCART_DB_USERNAME",
      "FLASHCART_REDIS_URL",
      "FLASHCART_KAFKA_BOOTSTRAP_SERVERS",
      "FLASHCART_KAFKA_SECURITY_PROTOCOL",
      "FLASHCART_ADMIN_EMAIL",
    ]) {
      assert.ok(name in env, `${at}: environment lacks ${name}`);
    }
    for (const name of ["FLASHCART_DB_PASSWORD", "FLASHCART_REDIS_PASSWORD", "FLASHCART_ADMIN_PASSWORD"]) {
      assert.ok(name in secrets, `${at}: secrets lacks ${name}`);
      assert.ok(!(name in env), `${at}: ${name} must come from secrets, not environment`);
    }
    assert.match(env.FLASHCART_DB_PRIMARY_URL, /^jdbc:mysql:\/\/\$\{module\.\w+\.primary_address\}:/, `${at}: FLASHCART_DB_PRIMARY_URL`);
    assert.match(env.FLASHCART_DB_REPLICA_URL, /^jdbc:mysql:\/\/\$\{module\.\w+\.replica_address\}:/, `${at}: FLASHCART_DB_REPLICA_URL`);
    assert.match(env.FLASHCART_REDIS_URL, /^rediss:\/\//, `${at}: FLASHCART_REDIS_URL must use TLS (rediss://)`);
    assert.equal(env.FLASHCART_KAFKA_SECURITY_PROTOCOL, "SSL", `${at}: FLASHCART_KAFKA_SECURITY_PROTOCOL`);
    assert.match(env.FLASHCART_KAFKA_BOOTSTRAP_SERVERS, /bootstrap_brokers_tls/, `${at}: Kafka must use the TLS brokers`);
    assert.match(secrets.FLASHCART_DB_PASSWORD, /master_user_secret_arn\}:password::$/, `${at}: FLASHCART_DB_PASSWORD must be the RDS-managed secret's password key`);
  }
  // Some inline policy on an execution role grants secretsmanager:GetSecretValue through a policy document.
  const grants = allResources(tf, "aws_iam_role_policy").filter((p) => {
    if (!/aws_iam_role\.execution\./.test(String(p.body.role))) return false;
    const docName = String(p.body.policy).match(/data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\./)?.[1];
    const doc = p.mod.dataSources.find((d) => d.type === "aws_iam_policy_document" && d.name === docName);
    return blocks(doc?.body, "statement").some((st) => [].concat(st.actions).includes("secretsmanager:GetSecretValue"));
  });
  assert.ok(grants.length > 0, "no inline policy lets the ECS execution role read the secrets");
});

// -----------------------------------------------------------------------------------------------------------
// Nothing data-bearing is public; encryption everywhere
// -----------------------------------------------------------------------------------------------------------

test("no aws_db_instance is publicly accessible", () => {
  for (const db of requireSome(allResources(tf, "aws_db_instance"), "aws_db_instance")) {
    assert.equal(db.body.publicly_accessible, false, `${where(db)}: publicly_accessible must be set to false`);
  }
});

test("only the ALB security group admits the internet, and only on 80/443", () => {
  const world = (v) => v === "0.0.0.0/0" || v === "::/0" || (Array.isArray(v) && v.some(world));
  const rules = requireSome(allResources(tf, "aws_vpc_security_group_ingress_rule"), "aws_vpc_security_group_ingress_rule");
  for (const rule of rules) {
    if (!world(rule.body.cidr_ipv4) && !world(rule.body.cidr_ipv6)) continue;
    assert.match(String(rule.body.security_group_id), ref("aws_security_group", "alb"), `${where(rule)}: 0.0.0.0/0 or ::/0 ingress outside the ALB security group`);
    assert.ok([80, 443].includes(num(rule.body.from_port)) && num(rule.body.from_port) === num(rule.body.to_port), `${where(rule)}: internet ingress only on 80 or 443`);
  }
  for (const sg of allResources(tf, "aws_security_group")) {
    for (const ing of blocks(sg.body, "ingress")) {
      assert.ok(!world(ing.cidr_blocks) && !world(ing.ipv6_cidr_blocks), `${where(sg)}: inline ingress open to the internet`);
    }
  }
  for (const rule of allResources(tf, "aws_security_group_rule")) {
    if (rule.body.type !== "ingress") continue;
    assert.ok(!world(rule.body.cidr_blocks) && !world(rule.body.ipv6_cidr_blocks), `${where(rule)}: ingress open to the internet`);
  }
});

test("app <- ALB on 8080; RDS 3306, Redis 6379, MSK 9094 <- app security group only", () => {
  const rules = allResources(tf, "aws_vpc_security_group_ingress_rule");
  const expectations = { app: { port: 8080, from: "alb" }, rds: { port: 3306, from: "app" }, redis: { port: 6379, from: "app" }, msk: { port: 9094, from: "app" } };
  for (const [sg, { port, from }] of Object.entries(expectations)) {
    const into = rules.filter((r) => ref("aws_security_group", sg).test(String(r.body.security_group_id)));
    assert.ok(into.length > 0, `no ingress rule into aws_security_group.${sg}`);
    for (const rule of into) {
      assert.match(String(rule.body.referenced_security_group_id ?? ""), ref("aws_security_group", from), `${where(rule)}: must admit only aws_security_group.${from}`);
      assert.equal(rule.body.cidr_ipv4, undefined, `${where(rule)}: no CIDR ingress`);
      assert.equal(rule.body.cidr_ipv6, undefined, `${where(rule)}: no CIDR ingress`);
      eachValue(rule, rule.body, (body, at) => {
        assert.equal(num(body.from_port), port, `${at}: from_port`);
        assert.equal(num(body.to_port), port, `${at}: to_port`);
      });
    }
  }
});

test("RDS: encrypted, managed master password, Multi-AZ primary with backups and a replica", () => {
  const dbs = requireSome(allResources(tf, "aws_db_instance"), "aws_db_instance");
  for (const db of dbs) assert.equal(db.body.storage_encrypted, true, `${where(db)}: storage_encrypted`);
  const primaries = dbs.filter((d) => d.body.replicate_source_db === undefined);
  const replicas = dbs.filter((d) => d.body.replicate_source_db !== undefined);
  assert.equal(primaries.length, 1, "expected one primary aws_db_instance");
  assert.ok(replicas.length >= 1, "expected a read replica (aws_db_instance with replicate_source_db)");
  const primary = primaries[0];
  for (const replica of replicas) {
    assert.match(String(replica.body.replicate_source_db), new RegExp(`aws_db_instance\\.${primary.name}\\.`), `${where(replica)}: must replicate ${primary.name}`);
  }
  eachValue(primary, primary.body, (body, at) => {
    assert.equal(body.manage_master_user_password, true, `${at}: manage_master_user_password`);
    assert.equal(body.password, undefined, `${at}: no password attribute`);
    assert.equal(body.multi_az, true, `${at}: multi_az`);
    assert.equal(body.engine, "mysql", `${at}: engine`);
    assert.match(String(body.engine_version), /^8\.0/, `${at}: engine_version`);
    assert.ok(num(body.backup_retention_period) >= 7, `${at}: backup_retention_period ${body.backup_retention_period}`);
    assert.equal(body.deletion_protection, true, `${at}: deletion_protection`);
  });
  const pgName = String(primary.body.parameter_group_name).match(/aws_db_parameter_group\.([A-Za-z0-9_-]+)\./)?.[1];
  const pg = primary.mod.resourcesOf("aws_db_parameter_group").find((p) => p.name === pgName);
  assert.ok(pg, `${where(primary)}: parameter group not managed in the module`);
  const params = Object.fromEntries(blocks(pg.body, "parameter").map((p) => [p.name, String(p.value)]));
  assert.equal(params.binlog_format, "ROW", `${where(pg)}: binlog_format`);
  assert.equal(params["gtid-mode"], "ON", `${where(pg)}: gtid-mode`);
  assert.equal(params.enforce_gtid_consistency, "ON", `${where(pg)}: enforce_gtid_consistency`);
});

test("ElastiCache: TLS in transit, encrypted at rest, AUTH token from a generated secret, failover, Redis 7", () => {
  for (const rg of requireSome(allResources(tf, "aws_elasticache_replication_group"), "aws_elasticache_replication_group")) {
    eachValue(rg, rg.body, (body, at) => {
      assert.equal(body.transit_encryption_enabled, true, `${at}: transit_encryption_enabled`);
      assert.equal(body.at_rest_encryption_enabled, true, `${at}: at_rest_encryption_enabled`);
      assert.equal(body.automatic_failover_enabled, true, `${at}: automatic_failover_enabled`);
      assert.equal(body.multi_az_enabled, true, `${at}: multi_az_enabled`);
      assert.match(String(body.engine_version), /^7\./, `${at}: engine_version`);
      assert.match(String(body.auth_token), /^\$\{random_password\.[A-Za-z0-9_-]+\.result\}$/, `${at}: auth_token must be a random_password`);
    });
    const pw = String(rg.body.auth_token).match(/random_password\.([A-Za-z0-9_-]+)\./)[1];
    const stored = rg.mod.resourcesOf("aws_secretsmanager_secret_version").some((v) => String(v.body.secret_string).includes(`random_password.${pw}.result`));
    assert.ok(stored, `${where(rg)}: the AUTH token must be stored in Secrets Manager`);
  }
});

test("MSK: three brokers, TLS between clients and brokers, encryption at rest", () => {
  for (const c of requireSome(allResources(tf, "aws_msk_cluster"), "aws_msk_cluster")) {
    assert.equal(num(c.body.number_of_broker_nodes), 3, `${where(c)}: number_of_broker_nodes`);
    const enc = block(c.body, "encryption_info");
    assert.ok(enc, `${where(c)}: no encryption_info`);
    const transit = block(enc, "encryption_in_transit");
    assert.equal(transit?.client_broker, "TLS", `${where(c)}: client_broker`);
    assert.notEqual(transit?.in_cluster, false, `${where(c)}: in_cluster`);
    assert.ok(enc.encryption_at_rest_kms_key_arn, `${where(c)}: encryption_at_rest_kms_key_arn`);
    assert.match(String(block(c.body, "configuration_info")?.arn), /aws_msk_configuration\./, `${where(c)}: must use the managed configuration`);
  }
});

test("MSK configuration: no auto-created topics, min.insync.replicas=2, replication factor 3", () => {
  for (const conf of requireSome(allResources(tf, "aws_msk_configuration"), "aws_msk_configuration")) {
    const props = parseProperties(conf.body.server_properties);
    assert.equal(props["auto.create.topics.enable"], "false", `${where(conf)}: auto.create.topics.enable`);
    assert.equal(props["min.insync.replicas"], "2", `${where(conf)}: min.insync.replicas`);
    assert.equal(props["default.replication.factor"], "3", `${where(conf)}: default.replication.factor`);
  }
});

test("Kafka topics payment-completed and order-cancelled: 6 partitions, RF 3, min.insync.replicas=2", () => {
  const topicsModule = tf.dirs.find((d) => d.rel.endsWith(path.join("modules", "kafka-topics")));
  assert.ok(topicsModule, "terraform/modules/kafka-topics not found");
  const contexts = contextsOf(tf, topicsModule).filter((c) => c.args);
  assert.ok(contexts.length > 0, "modules/kafka-topics is never called");
  for (const ctx of contexts) {
    const topics = resolve("${var.topics}", ctx);
    for (const name of ["payment-completed", "order-cancelled"]) {
      const t = topics[name];
      assert.ok(t && typeof t === "object", `${ctx.label}: topic ${name} missing or not resolvable`);
      assert.equal(num(t.partitions), 6, `${ctx.label}: ${name} partitions`);
      assert.equal(num(t.replication_factor), 3, `${ctx.label}: ${name} replication_factor`);
      assert.equal(String(t.config?.["min.insync.replicas"]), "2", `${ctx.label}: ${name} min.insync.replicas`);
    }
  }
});
