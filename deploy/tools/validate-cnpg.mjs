// Validates CloudNativePG documents (a JSON array in the file given) against @kubernetes-models/cloudnative-pg.
// Prints "INVALID <kind>/<name>: <reason>" per problem; exit 0 when all fit, 1 when some do not, 2 on a kind it lacks.
import { readFileSync } from "node:fs";
import * as v1 from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1";

const docs = JSON.parse(readFileSync(process.argv[2], "utf8"));
let invalid = 0;
for (const doc of docs) {
  const id = `${doc.kind}/${doc.metadata?.name}`;
  const Model = doc.apiVersion === "postgresql.cnpg.io/v1" ? v1[doc.kind] : undefined;
  if (!Model) {
    console.log(`UNKNOWN ${id}: ${doc.apiVersion} ${doc.kind} is not a CloudNativePG kind`);
    process.exit(2);
  }
  try {
    new Model(doc).validate();
  } catch (e) {
    invalid++;
    console.log(`INVALID ${id}: ${String(e.message).replace(/\s+/g, " ")}`);
  }
}
process.exit(invalid ? 1 : 0);
