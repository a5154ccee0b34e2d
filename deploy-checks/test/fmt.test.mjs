// `terraform fmt -check -recursive terraform/` where the terraform CLI is installed (it needs no providers).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../lib/terraform.mjs";

const probe = spawnSync("terraform", ["version"], { encoding: "utf8" });
const missing = probe.error?.code === "ENOENT";

test("terraform fmt -check -recursive terraform/", { skip: missing && "terraform is not on PATH" }, () => {
  const res = spawnSync("terraform", ["fmt", "-check", "-recursive", "-diff", path.join(REPO_ROOT, "terraform")], {
    encoding: "utf8",
  });
  assert.ifError(res.error);
  assert.equal(res.status, 0, `terraform fmt found unformatted files (run: terraform fmt -recursive terraform):\n${res.stdout}`);
});
