// Runs every check (checks/index.mjs) on this repository.
import { test } from "node:test";
import { allChecks } from "../checks/index.mjs";
import { Repo } from "../lib/repo.mjs";

const repo = await Repo.open();

for (const check of allChecks) {
  test(`${check.id}: ${check.title}`, (t) => check.run(repo, t));
}
