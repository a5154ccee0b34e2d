// Writes the interface of a registry module version (its inputs, which of them are required, its outputs) to
// data/modules/, from the module's own variables.tf and outputs.tf at that version. The schema check holds
// every call of that module against the file. Run it again when the pinned version changes:
//
//   git -C <clone of terraform-aws-modules/terraform-aws-vpc> show v6.5.1:variables.tf > /tmp/variables.tf
//   git -C <same> show v6.5.1:outputs.tf > /tmp/outputs.tf
//   node scripts/module-interface.mjs terraform-aws-modules/vpc/aws 6.5.1 \
//     https://github.com/terraform-aws-modules/terraform-aws-vpc/tree/v6.5.1 /tmp/variables.tf /tmp/outputs.tf
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";

const [source, version, url, variablesFile, outputsFile] = process.argv.slice(2);
if (!outputsFile) {
  console.error("usage: node scripts/module-interface.mjs <source> <version> <source url> <variables.tf> <outputs.tf>");
  process.exit(2);
}
const variables = (await parse("variables.tf", fs.readFileSync(variablesFile, "utf8"))).variable ?? {};
const outputs = (await parse("outputs.tf", fs.readFileSync(outputsFile, "utf8"))).output ?? {};
const interfaceOf = {
  source,
  version,
  from: `${url} (variables.tf, outputs.tf)`,
  inputs: Object.fromEntries(Object.entries(variables).sort().map(([name, [body]]) => [name, { required: !("default" in body) }])),
  outputs: Object.keys(outputs).sort(),
};
const name = `${source.split("/")[0]}-${source.split("/")[1]}-${version}.json`;
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "data", "modules", name);
fs.writeFileSync(out, JSON.stringify(interfaceOf, null, 2) + "\n");
console.log(`${out}: ${Object.keys(interfaceOf.inputs).length} inputs, ${interfaceOf.outputs.length} outputs`);
