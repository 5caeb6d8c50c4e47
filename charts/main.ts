// Entry point for the cdk8s CLI (`cdk8s synth`, see cdk8s.yaml): renders every
// bundled environment into $CDK8S_OUTDIR (default dist/), exactly as
// `npm run synth` does.
import path from 'node:path';
import { renderAll, writeDist, DIST } from '../scripts/lib/dist';

const { rendered, errors } = renderAll();
if (errors.length > 0) {
  console.error(errors.join('\n'));
  process.exit(1);
}
writeDist(rendered, { dist: process.env.CDK8S_OUTDIR ? path.resolve(process.env.CDK8S_OUTDIR) : DIST, prune: true });
