// Test helpers: start the offline mock (one per test file, ephemeral port) and build clients.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..', '..');
export const lib = createRequire(import.meta.url)('../index.js');

export function mockBinary() {
  if (process.env.ATLASSIAN_ADMIN_MOCK) return process.env.ATLASSIAN_ADMIN_MOCK;
  const dir = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  return path.join(dir, 'debug', 'atlassian-admin-mock');
}

/** Starts the mock with extra flags; resolves with its connection details and a `stop()`. */
export function startMock(flags = []) {
  const child = spawn(mockBinary(), ['--port', '0', '--exit-on-stdin-close', ...flags], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('the mock did not start within 20 s')), 20_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the mock exited early (${code})`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      const info = JSON.parse(line);
      info.stop = () =>
        new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.stdin.end();
          setTimeout(() => child.kill('SIGKILL'), 5000).unref();
        });
      resolve(info);
    });
  });
}

export function adminClient(m, extra = {}) {
  return new lib.AdminClient({ apiKey: m.org_api_key, baseUrl: m.base_url, ...extra });
}

export function scimClient(m, extra = {}) {
  return new lib.ScimClient({ apiKey: m.scim_api_key, baseUrl: m.base_url, directoryId: m.directory_id, ...extra });
}

/** Counts native page fetches of a client (instrumenting the JS layer, not the network). */
