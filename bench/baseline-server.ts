// The yardstick of every ratio in BENCHMARKS.md: a bare Fastify JSON POST route (JSON body parsed,
// JSON answer serialized, nothing else) in its own process, so machine noise cancels out of ratios.
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const app = Fastify({ logger: false });
app.post('/echo', async (req) => {
  const body = req.body as Record<string, unknown>;
  return { status: 'QUEUED', requestId: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0', accountId: body.accountId ?? null, queuePosition: 1 };
});
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port, host: '127.0.0.1' });
const addr = app.server.address();
process.stdout.write(JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : port }) + '\n');
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
