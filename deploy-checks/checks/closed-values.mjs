// Values the provider schema types only as "string" or "number" but AWS accepts from a closed set: enums,
// TLS policies, engine versions, instance classes, parameter-group families and parameters, Fargate task sizes,
// CloudWatch metric names and dimensions. The table (data/closed-values.json) cites where each set comes from.
import { allResources, block, blocks, isLiteral, num, resolveAll } from "../lib/terraform.mjs";
import { Problems, readData, where } from "../lib/repo.mjs";

const table = readData("closed-values.json");

/** Every value at a dotted path under a block body: through nested blocks, dynamic blocks and `**`. */
function valuesAt(body, segments) {
  if (segments.length === 0) return [body];
  const [head, ...rest] = segments;
  if (body == null || typeof body !== "object") return [];
  if (Array.isArray(body)) return body.flatMap((item) => valuesAt(item, segments));
  if (head === "**") {
    const here = valuesAt(body, rest);
    const deeper = Object.values(body).flatMap((v) => (v && typeof v === "object" ? valuesAt(v, segments) : []));
    return [...here, ...deeper];
  }
  const out = [];
  if (head in body) {
    const v = body[head];
    // a list attribute's elements are values too (e.g. capabilities = [...]), a block's items are bodies
    out.push(...(rest.length === 0 && Array.isArray(v) && v.every((x) => typeof x !== "object") ? v : valuesAt(v, rest)));
  }
  for (const dyn of body.dynamic?.[head] ?? []) for (const content of dyn.content ?? []) out.push(...valuesAt(content, rest));
  return out;
}

function allowed(entry, value) {
  if (entry.values?.some((v) => String(v) === String(value))) return true;
  if (entry.multipleOf && num(value) > 0 && num(value) % entry.multipleOf === 0) return true;
  if (entry.pattern && new RegExp(entry.pattern).test(String(value))) return true;
  if (entry.range && num(value) >= entry.range[0] && num(value) <= entry.range[1]) return true;
  return false;
}

function describe(entry) {
  if (entry.pattern) return `/${entry.pattern}/`;
  if (entry.range) return `${entry.range[0]}..${entry.range[1]}`;
  const shown = (entry.values ?? []).slice(0, 8).join(", ");
  return `${shown}${entry.values?.length > 8 ? ", ..." : ""}${entry.multipleOf ? ` or a multiple of ${entry.multipleOf}` : ""}`;
}

/** Every resource of a type (each for_each instance), in each context it is evaluated in, its body resolved there. */
function resolvedBodies(repo, type) {
  return allResources(repo.tf, type).flatMap((r) => resolveAll(repo.tf, r.mod, r.body).map(({ ctx, value }) => ({ at: `${where(r)} [${ctx.label}]`, body: value })));
}

function fargateMemories(cpu) {
  const sizes = table.fargate_task_sizes[String(cpu)];
  if (!sizes) return null;
  if (Array.isArray(sizes)) return sizes;
  const out = [];
  for (let m = sizes.from; m <= sizes.to; m += sizes.step) out.push(m);
  return out;
}

export const checks = [
  {
    id: "closed-values",
    title: "enums, TLS policies, engine versions, instance classes, families are values AWS accepts (data/closed-values.json)",
    run(repo) {
      const problems = new Problems();
      let checked = 0;
      for (const entry of table.entries) {
        for (const { at, body } of resolvedBodies(repo, entry.resource)) {
          if (entry.where && !Object.entries(entry.where).every(([k, v]) => body[k] === undefined || body[k] === v)) continue;
          for (const value of valuesAt(body, entry.path.split("."))) {
            if (!isLiteral(value)) continue;
            checked++;
            problems.check(allowed(entry, value), `${at}: ${entry.path} = ${JSON.stringify(value)} is not one of ${describe(entry)} [${entry.id}: ${entry.source}]`);
          }
        }
      }
      problems.check(checked > 50, `only ${checked} values were checked against the table`);
      problems.done("values outside their closed sets");
    },
  },
  {
    id: "closed-values-rds-parameters",
    title: "DB parameter groups set only parameters and values their family accepts",
    run(repo) {
      const problems = new Problems();
      const families = table.rds_parameters;
      for (const { at, body } of resolvedBodies(repo, "aws_db_parameter_group")) {
        if (!isLiteral(body.family)) continue;
        const known = families[body.family];
        if (!problems.check(known, `${at}: family ${body.family} has no parameter table`)) continue;
        for (const p of blocks(body, "parameter")) {
          const values = known[p.name];
          if (!problems.check(values, `${at}: parameter "${p.name}" is not one this project knows ${body.family} to have [${families.source}]`)) continue;
          if (isLiteral(p.value)) problems.check(values.includes(String(p.value)), `${at}: ${p.name} = ${JSON.stringify(p.value)} is not one of ${values.join(", ")}`);
        }
      }
      // Every instance using a group runs the family's major version.
      for (const db of allResources(repo.tf, "aws_db_instance")) {
        const pgName = String(db.body.parameter_group_name ?? "").match(/aws_db_parameter_group\.([A-Za-z0-9_-]+)\./)?.[1];
        const pg = pgName && db.mod.resource("aws_db_parameter_group", pgName);
        if (!pg) continue;
        const source = db.body.replicate_source_db ? db.mod.resourcesOf("aws_db_instance").find((p) => String(db.body.replicate_source_db).includes(`aws_db_instance.${p.name}.`)) : db;
        const versions = resolveAll(repo.tf, db.mod, source?.body.engine_version);
        const families2 = resolveAll(repo.tf, db.mod, pg.body.family);
        versions.forEach(({ ctx, value }, i) => {
          const family = families2[i]?.value;
          if (isLiteral(value) && isLiteral(family)) {
            problems.check(family === `mysql${String(value).split(".").slice(0, 2).join(".")}`, `${where(db)} [${ctx.label}]: engine ${value} with parameter group family ${family}`);
          }
        });
      }
      problems.done("parameter problems");
    },
  },
  {
    id: "closed-values-fargate-size",
    title: "Fargate task definitions use a CPU/memory pair Fargate offers",
    run(repo) {
      const problems = new Problems();
      for (const { at, body } of resolvedBodies(repo, "aws_ecs_task_definition")) {
        if (!isLiteral(body.cpu) || !isLiteral(body.memory)) continue;
        const memories = fargateMemories(num(body.cpu));
        problems.check(memories?.includes(num(body.memory)), `${at}: Fargate offers no ${body.cpu} CPU / ${body.memory} MiB task (${memories ? `${body.cpu} CPU takes ${memories.join(", ")}` : "unknown CPU size"}) [${table.fargate_task_sizes.source}]`);
      }
      problems.done("task sizes");
    },
  },
  {
    id: "closed-values-alarm-metrics",
    title: "alarms on AWS metrics name a metric and dimension set the namespace publishes",
    run(repo) {
      const problems = new Problems();
      const metrics = table.cloudwatch_metrics;
      let count = 0;
      for (const alarm of allResources(repo.tf, "aws_cloudwatch_metric_alarm")) {
        const ns = alarm.body.namespace;
        if (!isLiteral(ns) || !String(ns).startsWith("AWS/") && !String(ns).startsWith("ECS/")) continue;
        count++;
        const known = metrics[ns];
        if (!problems.check(known, `${where(alarm)}: namespace ${ns} is not in the table`)) continue;
        const sets = known[alarm.body.metric_name];
        if (!problems.check(sets, `${where(alarm)}: ${ns} publishes no metric "${alarm.body.metric_name}" [${metrics.source}]`)) continue;
        const dims = Object.keys(block(alarm.body, "dimensions") ?? alarm.body.dimensions ?? {}).sort();
        problems.check(sets.some((s) => [...s].sort().join("|") === dims.join("|")), `${where(alarm)}: ${ns} ${alarm.body.metric_name} has dimensions ${sets.map((s) => `[${s.join(", ")}]`).join(" or ")}, not [${dims.join(", ")}]`);
      }
      problems.check(count >= 8, `only ${count} alarms on AWS metrics found`);
      problems.done("alarm metric problems");
    },
  },
];
