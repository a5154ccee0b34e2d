// Every check, in the order a reader would go through them. A check is { id, title, run(repo, t?) } and throws
// (node:assert) when the checkout breaks its fact; test/checks.test.mjs runs them on this repository and
// test/mutations.test.mjs on deliberately broken copies of it.
import { checks as schema } from "./schema.mjs";
import { checks as closedValues } from "./closed-values.mjs";
import { checks as terraformFacts } from "./terraform-facts.mjs";
import { checks as workflows } from "./workflows.mjs";
import { checks as containers } from "./containers.mjs";
import { checks as docs } from "./docs.mjs";

export const allChecks = [...schema, ...closedValues, ...terraformFacts, ...workflows, ...containers, ...docs];

const ids = new Set();
for (const c of allChecks) {
  if (ids.has(c.id)) throw new Error(`two checks are called ${c.id}`);
  ids.add(c.id);
}
