/**
 * `npm run deploy [-- wrangler deploy options]`: the worker as it stands, deployed with the pinned
 * wrangler, serving the harness's build of the app. `npm run deploy -- --dry-run` checks that it
 * deploys without an account (`npm test` does).
 *
 * A deployed worker has no harness routes unless it is given a `HARNESS_CONTROL_TOKEN` secret
 * (`wrangler secret put`). Cloudflare may then run its Durable Objects in another isolate than
 * the worker's, out of reach of the faults and log reads: `--backend-url` checks that and refuses
 * such a worker with one line.
 */
import { placeAppForWrangler, runWrangler } from '../harness/backend/wrangler.ts'
import { readConfig } from '../harness/run/config.ts'
import { runMain } from '../harness/run/main.ts'

runMain('deploy', async () => {
  await placeAppForWrangler(readConfig().tracepoints, (line) => console.log(line))
  return runWrangler(['deploy', ...process.argv.slice(2)])
})
