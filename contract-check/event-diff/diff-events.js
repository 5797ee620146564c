// Compares the event contracts with their baseline: the AsyncAPI document with @asyncapi/diff, each event's JSON
// Schema with json-schema-diff. A change is breaking for consumers when the new contract accepts an event that the
// baseline did not (json-schema-diff "additions" from baseline to current): a removed or no longer required field, a
// changed or widened type (json-schema-diff does not compare enum, const, format or pattern); or when an event type, channel or message is removed or a channel renamed. A breaking
// change is allowed only as a new version: a removed type or channel is fine when the current contract has a higher
// .vN of it. Prints one line per finding, "BREAKING <text>" or "CHANGE <text>"; exit 1 when anything is breaking.
// Usage: node diff-events.js <baseline-dir> <current-dir>   (each with asyncapi.yaml and schemas/*.json)
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');
const { diff: asyncApiDiff } = require('@asyncapi/diff');
const { diffSchemas } = require('json-schema-diff');

const [baselineDir, currentDir] = process.argv.slice(2);
const findings = [];
const report = (breaking, text) => findings.push(`${breaking ? 'BREAKING' : 'CHANGE'} ${text}`);

// "fi.lainaamo.loan.started.v1" -> ["fi.lainaamo.loan.started", 1]
const versioned = name => {
  const m = /^(.*)\.v(\d+)$/.exec(name);
  return m ? [m[1], Number(m[2])] : [name, 0];
};
const hasSuccessor = (name, names) => {
  const [base, version] = versioned(name);
  return names.some(other => { const [b, v] = versioned(other); return b === base && v > version; });
};

async function main() {
  // the event JSON Schemas, one per event type
  const schemas = dir => fs.readdirSync(path.join(dir, 'schemas')).filter(f => f.endsWith('.json')).map(f => f.slice(0, -5)).sort();
  const before = schemas(baselineDir);
  const after = schemas(currentDir);
  for (const type of before) {
    if (!after.includes(type)) {
      report(!hasSuccessor(type, after), `event type ${type} removed` + (hasSuccessor(type, after) ? ' (a newer version replaces it)' : ''));
      continue;
    }
    const read = dir => JSON.parse(fs.readFileSync(path.join(dir, 'schemas', type + '.json'), 'utf8'));
    const result = await diffSchemas({ sourceSchema: read(baselineDir), destinationSchema: read(currentDir) });
    if (result.additionsFound) {
      report(true, `event type ${type}: the schema now accepts events the baseline refused (a field removed or no longer required, a type changed or widened): ${JSON.stringify(result.addedJsonSchema)}`);
    } else if (result.removalsFound) {
      report(false, `event type ${type}: narrowed (a field added or newly constrained): ${JSON.stringify(result.removedJsonSchema)}`);
    }
  }
  for (const type of after.filter(t => !before.includes(t))) {
    report(false, `event type ${type} added`);
  }

  // the AsyncAPI document: channels, their addresses and messages
  const load = dir => yaml.load(fs.readFileSync(path.join(dir, 'asyncapi.yaml'), 'utf8'));
  const current = load(currentDir);
  const addresses = Object.values(current.channels || {}).map(c => c.address);
  const messageNames = Object.values((current.components || {}).messages || {}).map(m => m.name);
  const changes = asyncApiDiff(load(baselineDir), current, { outputType: 'json' });
  for (const change of changes.breaking()) {
    let allowed = false;
    if (change.action === 'edit' && /\/address$/.test(change.path)) {
      allowed = hasSuccessor(change.before, [change.after]);
    } else if (change.action === 'remove' && change.before && typeof change.before === 'object') {
      const name = change.before.name || change.before.address;
      allowed = name ? hasSuccessor(name, change.before.address ? addresses : messageNames) : false;
    }
    report(!allowed, `asyncapi ${change.action} ${change.path}` + (change.after !== undefined ? ` -> ${JSON.stringify(change.after)}` : '')
      + (allowed ? ' (a newer version replaces it)' : ''));
  }
  for (const change of [...changes.nonBreaking(), ...changes.unclassified()]) {
    report(false, `asyncapi ${change.action} ${change.path}`);
  }
  findings.forEach(line => console.log(line));
  process.exit(findings.some(l => l.startsWith('BREAKING')) ? 1 : 0);
}

main().catch(e => { console.error(e && e.stack || e); process.exit(2); });
