import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox } from './sandbox/index.js';

/**
 * `npm run demo`: a full audit of the bundled example organization. Starts the sandbox on a free port, runs
 * the real `msk-audit scan --org` CLI against it in a child process, and stops the sandbox.
 */
const outputDir = resolve(process.env.MSK_AUDIT_DEMO_OUTPUT ?? 'msk-audit-report');
const cli = fileURLToPath(new URL('./cli.js', import.meta.url));

const sandbox = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH), port: 0 });
process.stdout.write(`sandbox   ${sandbox.url} (example organization: 4 accounts, one with a role that cannot be assumed)\n`);
try {
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(
      process.execPath,
      [cli, 'scan', '--org', '--output-dir', outputDir, '--save-inventory', resolve(outputDir, 'inventory.json'), '--fail-on', 'none'],
      { env: { ...process.env, ...sandbox.env }, stdio: 'inherit' },
    );
    child.on('error', fail);
    child.on('close', done);
  });
  if (code !== 0) {
    process.stderr.write(`demo: msk-audit scan exited with ${code}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`\nOpen ${resolve(outputDir, 'msk-audit-report.html')} in a browser.\n`);
  }
} finally {
  await sandbox.close();
}
