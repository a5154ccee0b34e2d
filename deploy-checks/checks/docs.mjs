// terraform/README.md walks an operator through everything: every repository path it names must exist.
import { Problems } from "../lib/repo.mjs";

const PATH = /(?<![\w./-])((?:terraform|\.github|deploy-checks|src\/main\/docker)\/[\w./-]*[\w/])/g;

export const checks = [
  {
    id: "docs-paths",
    title: "every file and folder terraform/README.md names exists",
    run(repo) {
      const problems = new Problems();
      const text = repo.read("terraform/README.md");
      const seen = new Set();
      for (const m of text.matchAll(PATH)) {
        const rel = m[1].replace(/\/$/, "");
        if (seen.has(rel)) continue;
        seen.add(rel);
        problems.check(repo.exists(rel), `terraform/README.md names ${rel}, which does not exist`);
      }
      problems.check(seen.size >= 10, `terraform/README.md names only ${seen.size} repository paths`);
      problems.done();
    },
  },
];
