// The wait-for-migration init container, proven with the real programs: its
// shell script and ready query, exactly as rendered, run with the MySQL client
// against a real MariaDB server on loopback, while the real knex (the library
// every Mojaloop image migrates with) creates its migration and lock tables.
// The script must keep waiting until the newest migration is recorded, the lock
// is free and the seeds are in, and then exit 0.
// Needs mariadb-server and mariadb-client (Debian): `apt-get install mariadb-server mariadb-client`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objects } from './support/bundled';

type Any = Record<string, any>;

/** Debian puts mariadbd in /usr/sbin, which a non-root PATH may lack. */
const which = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd} || command -v /usr/sbin/${cmd}`], { encoding: 'utf8' }).stdout.trim();
const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
});

let dir: string;
let server: ChildProcess;
let port: number;

beforeAll(async () => {
  const bin: Record<string, string> = {};
  for (const cmd of ['mariadbd', 'mariadb-install-db', 'mysql']) {
    bin[cmd] = which(cmd);
    if (!bin[cmd]) throw new Error(`${cmd} not found; install it: apt-get install mariadb-server mariadb-client`);
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mariadb-'));
  const data = path.join(dir, 'data');
  const user = os.userInfo().username;
  const init = spawnSync(bin['mariadb-install-db'], ['--no-defaults', `--datadir=${data}`, `--user=${user}`, '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}`);
  port = await freePort();
  server = spawn(bin.mariadbd, ['--no-defaults', `--datadir=${data}`, `--socket=${path.join(dir, 'sock')}`, `--port=${port}`, '--bind-address=127.0.0.1',
    `--user=${user}`, `--pid-file=${path.join(dir, 'pid')}`, `--log-error=${path.join(dir, 'err.log')}`, '--skip-grant-tables', '--skip-log-bin'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (spawnSync('mysql', ['-h', '127.0.0.1', '-P', String(port), '-u', 'root', '-e', 'SELECT 1']).status === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`mariadbd did not start: ${fs.readFileSync(path.join(dir, 'err.log'), 'utf8')}`);
}, 60_000);

afterAll(async () => {
  // Wait for the server to be gone before removing its data directory (it writes while it shuts down).
  if (server && server.exitCode === null) await new Promise((r) => { server!.once('exit', r); server!.kill('SIGKILL'); });
  if (dir) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

/** The rendered init container of a Deployment, waiting for `db`. */
function renderedWait(deployment: string, db: string): Any {
  const d = (objects('prod', 'mojaloop') as Any[]).find((m) => m.kind === 'Deployment' && m.metadata.name === deployment)!;
  return d.spec.template.spec.initContainers.find((c: Any) => c.env.some((e: Any) => e.name === 'DB_NAME' && e.value === db));
}

/** Runs the init container's command with its env (host and port pointed at the test server). */
function startWait(c: Any): { done: Promise<{ code: number; out: string }>; running: () => boolean; polls: () => number } {
  const env: Record<string, string> = { PATH: process.env.PATH!, WAIT_SECONDS: '0.2', MYSQL_PWD: 'unused' };
  for (const e of c.env) if (e.value !== undefined) env[e.name] = e.value;
  Object.assign(env, { DB_HOST: '127.0.0.1', DB_PORT: String(port), DB_USER: 'root' });
  const child = spawn(c.command[0], c.command.slice(1), { env });
  let out = '';
  let exited = false;
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const done = new Promise<{ code: number; out: string }>((resolve) => child.on('close', (code) => { exited = true; resolve({ code: code ?? 1, out }); }));
  // The script says "waiting for the migration of ..." after each query that found the database not ready.
  return { done, running: () => !exited, polls: () => out.split('\n').filter((l) => l.startsWith('waiting for the migration of ')).length };
}

/**
 * Until the script has queried the database twice more and found it not ready
 * (or has exited): what it answers about the database as it is now, not after
 * a guessed time (a second was too short under load, and idle otherwise).
 */
async function settle(run: ReturnType<typeof startWait>): Promise<void> {
  const target = run.polls() + 2;
  for (const until = Date.now() + 20_000; run.running() && run.polls() < target;) {
    if (Date.now() > until) throw new Error('the wait script answered nothing for 20 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function writeModule(file: string, body: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
}

describe('wait-for-migration with MariaDB and knex', () => {
  const cases = [
    // central-ledger's readers wait for the migration table "migration", the last migration and the transferState seed.
    { deployment: 'centralledger-handler-transfer-prepare', db: 'central_ledger', table: 'migration', last: '961002_fxTransferForwarded.js', seed: 'transferState' },
    // A table name with a hyphen must be quoted in the query.
    { deployment: 'consent-oracle', db: 'consent_oracle', table: 'als-consent-oracle', last: '20200624121732_consent.js' },
  ];

  for (const c of cases) {
    it(`${c.deployment}: waits for ${c.db} until knex has migrated${c.seed ? ' and seeded' : ''}, then exits 0`, async () => {
      const wait = renderedWait(c.deployment, c.db);
      expect(wait.command).toEqual(['sh', '-c', expect.any(String)]);
      const run = startWait(wait);
      await settle(run);
      expect(run.running(), 'returned before the database exists').toBe(true);

      spawnSync('mysql', ['-h', '127.0.0.1', '-P', String(port), '-u', 'root', '-e', `CREATE DATABASE ${c.db}`]);
      const knex: Knex = knexFactory({ client: 'mysql2', connection: { host: '127.0.0.1', port, user: 'root', database: c.db } });
      try {
        const work = path.join(dir, c.db);
        writeModule(path.join(work, 'migrations', '100_first.js'), "exports.up = (k) => k.schema.createTable('first', (t) => { t.increments('id').primary() }); exports.down = () => {};\n");
        await knex.migrate.latest({ directory: path.join(work, 'migrations'), tableName: c.table, loadExtensions: ['.js'] });
        await settle(run);
        expect(run.running(), 'returned before the newest migration').toBe(true);

        writeModule(path.join(work, 'migrations', c.last), `exports.up = (k) => k.schema.createTable('${c.seed ?? 'last'}', (t) => { t.increments('id').primary() }); exports.down = () => {};\n`);
        await knex.migrate.latest({ directory: path.join(work, 'migrations'), tableName: c.table, loadExtensions: ['.js'] });
        if (c.seed) {
          await settle(run);
          expect(run.running(), 'returned before the seeds').toBe(true);
          writeModule(path.join(work, 'seeds', `${c.seed}.js`), `exports.seed = (k) => k('${c.seed}').insert({ id: 1 });\n`);
          await knex.seed.run({ directory: path.join(work, 'seeds'), loadExtensions: ['.js'] });
        }
        const result = await Promise.race([run.done, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still waiting after the migration')), 10_000))]);
        expect(result.code, result.out).toBe(0);
        expect(result.out).toContain(`${c.db} is migrated`);
      } finally {
        await knex.destroy();
      }
    }, 30_000);
  }

  it('keeps waiting while knex holds its lock (a migration in progress)', async () => {
    const c = { deployment: 'als-msisdn-oracle', db: 'oracle_msisdn', table: 'oracleMSISDN_migration', last: '20241107220101_oracleMSISDN.js' };
    spawnSync('mysql', ['-h', '127.0.0.1', '-P', String(port), '-u', 'root', '-e', `CREATE DATABASE ${c.db}`]);
    const knex: Knex = knexFactory({ client: 'mysql2', connection: { host: '127.0.0.1', port, user: 'root', database: c.db } });
    try {
      const work = path.join(dir, c.db);
      writeModule(path.join(work, 'migrations', c.last), "exports.up = (k) => k.schema.createTable('oracleMSISDN', (t) => { t.string('id').primary() }); exports.down = () => {};\n");
      await knex.migrate.latest({ directory: path.join(work, 'migrations'), tableName: c.table, loadExtensions: ['.js'] });
      // Take knex's lock as a running migration would.
      await knex(`${c.table}_lock`).update({ is_locked: 1 });
      const run = startWait(renderedWait(c.deployment, c.db));
      await settle(run);
      expect(run.running(), 'returned while the lock is held').toBe(true);
      await knex(`${c.table}_lock`).update({ is_locked: 0 });
      const result = await Promise.race([run.done, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still waiting after the lock was released')), 10_000))]);
      expect(result.code, result.out).toBe(0);
    } finally {
      await knex.destroy();
    }
  }, 30_000);
});
