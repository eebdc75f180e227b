// The only file that reads the environment and listens (DESIGN §2).
import { DEFAULT_TENANT, createApp } from './app.js';
import { mintToken } from './auth/mint.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const app = await createApp(config);
const { url } = await app.start();

const lines = [`Arbiter listening on ${url} (${app.database.engine}${app.database.engine === 'pglite' ? ` in ${config.dataDir}` : ''})`];
if (!config.production) lines.push(`GraphiQL:  ${url}`);
lines.push(`Console:   ${url.replace(/\/graphql$/, '/console')}`);
if (app.seeded.length > 0) lines.push(`Policies:  ${app.seeded.map((s) => `${s.slug}@${s.version} (${s.action})`).join(', ')}`);
if (app.jwtSecret && !config.jwt.secret) {
  const token = await mintToken({ secret: app.jwtSecret, tenant: DEFAULT_TENANT, roles: ['admin'], subject: 'dev:admin' });
  lines.push(`Dev admin token (tenant "${DEFAULT_TENANT}", 30 days):`, `  ${token}`, `Use it as the header  Authorization: Bearer <token>`);
}
console.log(lines.join('\n'));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.stop().then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
}
