// Validates rendered manifests (a multi-document YAML stream on stdin, as `kubectl kustomize` prints
// it) against the Kubernetes API schemas bundled in kubernetes-models: types, required fields and
// enumerations of every object, with no cluster. Exits 1 naming each object and what is wrong.
// Usage: kubectl kustomize k8s/overlays/prod | node k8s/validate/validate.mjs prod
import { parseAllDocuments } from 'yaml';

const label = process.argv[2] || 'stdin';
let input = '';
for await (const chunk of process.stdin) input += chunk;

const problems = [];
let count = 0;
for (const document of parseAllDocuments(input)) {
  if (document.errors.length) {
    problems.push(`YAML: ${document.errors.map(e => e.message).join('; ')}`);
    continue;
  }
  const object = document.toJS();
  if (!object) continue;
  count++;
  const name = `${object.kind ?? '?'} ${object.metadata?.name ?? '?'}`;
  if (!object.apiVersion || !object.kind) {
    problems.push(`${name}: apiVersion and kind are required`);
    continue;
  }
  let models;
  try {
    models = await import(`kubernetes-models/${object.apiVersion}`);
  } catch (e) {
    problems.push(`${name}: unknown apiVersion ${object.apiVersion}`);
    continue;
  }
  const Model = models[object.kind];
  if (!Model) {
    problems.push(`${name}: ${object.apiVersion} has no kind ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    problems.push(`${name}: ${e.message}`);
  }
}
if (count === 0) problems.push('no objects');
if (problems.length) {
  console.error(`[k8s] ${label}: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`[k8s] ${label}: ${count} objects valid`);
