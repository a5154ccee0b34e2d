// The checks checked: every mutation of mutations.mjs, applied to a copy of the repository's deployment files,
// must make one of the checks it names fail. A mutation the checks let through fails this test, and so does a
// mutation whose text is no longer in the file (it would test nothing).
//
// `npm run mutations` runs this file alone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { allChecks } from "../checks/index.mjs";
import { mutations } from "../mutations.mjs";
import { Repo, REPO_ROOT } from "../lib/repo.mjs";

// deploy-checks/ too: the workflows and the README name files in it (its data is read from the real checkout).
const COPIED = ["terraform", ".github", "src/main/docker", ".dockerignore", "deploy-checks"];
const SKIPPED = new Set([".terraform", "node_modules"]);
let workdir;

before(() => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), "flashcart-mutations-"));
});

after(() => {
  fs.rmSync(workdir, { recursive: true, force: true });
});

function copy(name) {
  const root = path.join(workdir, name);
  for (const rel of COPIED) {
    fs.cpSync(path.join(REPO_ROOT, rel), path.join(root, rel), {
      recursive: true,
      filter: (src) => !SKIPPED.has(path.basename(src)),
    });
  }
  return root;
}

function apply(root, m) {
  if (m.remove) {
    fs.rmSync(path.join(root, m.remove));
    return;
  }
  const file = path.join(root, m.file);
  const text = fs.readFileSync(file, "utf8");
  if (m.append) {
    fs.writeFileSync(file, text + m.append);
    return;
  }
  const count = text.split(m.find).length - 1;
  assert.equal(count, 1, `mutation ${m.id}: its text occurs ${count} times in ${m.file} (must be exactly once; update the mutation)`);
  fs.writeFileSync(file, text.replace(m.find, () => m.replace));
}

/** The ids of the checks that fail on a checkout (a checkout that does not even load fails them all). */
async function failingChecks(root) {
  let repo;
  try {
    repo = await Repo.open(root);
  } catch (e) {
    return { failing: new Set(allChecks.map((c) => c.id)), messages: [`load: ${e.message}`] };
  }
  const failing = new Set();
  const messages = [];
  for (const check of allChecks) {
    try {
      await check.run(repo);
    } catch (e) {
      failing.add(check.id);
      messages.push(`${check.id}: ${String(e.message).split("\n").slice(0, 3).join(" | ")}`);
    }
  }
  return { failing, messages };
}

test("the unmutated copy passes every check (so each mutation's failure is its own)", async () => {
  const { failing, messages } = await failingChecks(copy("baseline"));
  assert.equal(failing.size, 0, `the copy already fails:\n${messages.join("\n")}`);
});

for (const m of mutations) {
  test(`mutation ${m.id} is caught by ${m.caughtBy.join(" or ")}: ${m.why}`, async () => {
    const root = copy(m.id);
    apply(root, m);
    const { failing, messages } = await failingChecks(root);
    assert.ok(
      m.caughtBy.some((id) => failing.has(id)),
      `no check among ${m.caughtBy.join(", ")} failed; failing: ${[...failing].join(", ") || "none"}\n${messages.join("\n")}`,
    );
    fs.rmSync(root, { recursive: true, force: true });
  });
}

test("there are mutations for every kind of mistake the issue lists", () => {
  const ids = new Set(mutations.map((m) => m.id));
  for (const id of ["misspelled-argument", "https-unvalidated-certificate", "auth-token-strategy-enum", "alb-egress-wrong-port", "execution-role-wrong-secret", "missing-required-argument", "storage-encryption-off", "world-open-ingress", "wrong-route53-zone", "micro-image-ubi8"]) {
    assert.ok(ids.has(id), `mutation ${id} is missing`);
  }
});
