// The Dockerfiles and .dockerignore: documented build/run commands, non-root user, the Quarkus base images,
// and a build context that holds only the build outputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../lib/terraform.mjs";

const dockerfile = (name) => fs.readFileSync(path.join(REPO_ROOT, "src", "main", "docker", name), "utf8");

function finalUser(text) {
  const users = text.split("\n").filter((l) => /^USER\s+/i.test(l.trim()));
  return users.length ? users.at(-1).trim().split(/\s+/)[1] : undefined;
}

for (const [name, base, artifact, buildCmd] of [
  ["Dockerfile.jvm", "registry.access.redhat.com/ubi9/openjdk-17-runtime", "target/quarkus-app/", "./mvnw package"],
  ["Dockerfile.native-micro", "quay.io/quarkus/quarkus-micro-image:2.0", "target/*-runner", "./mvnw package -Dnative"],
]) {
  test(`${name}: header with build and run commands, ${base}, non-root, port 8080`, () => {
    const text = dockerfile(name);
    const header = text.slice(0, text.search(/^FROM /m));
    assert.ok(header.split("\n").every((l) => l.trim() === "" || l.startsWith("#")), `${name}: must start with a comment`);
    assert.ok(header.includes(buildCmd), `${name}: header must give the build command ${buildCmd}`);
    assert.ok(header.includes(`docker build -f src/main/docker/${name}`), `${name}: header must give the docker build command`);
    assert.ok(/docker run .*-p 8080:8080/.test(header), `${name}: header must give the docker run command`);
    assert.match(text, new RegExp(`^FROM ${base.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`, "m"), `${name}: base image`);
    assert.ok(text.includes(artifact), `${name}: must copy ${artifact}`);
    const user = finalUser(text);
    assert.ok(user && !["root", "0"].includes(user.split(":")[0]), `${name}: must end as a non-root USER, got ${user}`);
    assert.match(text, /^EXPOSE 8080$/m, `${name}: EXPOSE 8080`);
  });
}

test(".dockerignore excludes everything but the build outputs", () => {
  const lines = fs
    .readFileSync(path.join(REPO_ROOT, ".dockerignore"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  assert.equal(lines[0], "*", ".dockerignore must start by excluding everything");
  for (const keep of ["!target/*-runner", "!target/*-runner.jar", "!target/lib/*", "!target/quarkus-app/*"]) {
    assert.ok(lines.includes(keep), `.dockerignore must keep ${keep}`);
  }
  assert.ok(lines.slice(1).every((l) => l.startsWith("!target/")), ".dockerignore lets in something besides target/ outputs");
});
