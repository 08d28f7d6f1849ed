// The graphql-http audit (GraphQL over HTTP spec) against a running service.
// Usage: node web/graphql-http-audit.mjs http://127.0.0.1:8000/graphql
// Prints one line per warning/error and a JSON summary: {"ok":N,"notice":N,"warn":N,"error":N}.
import { auditServer } from 'graphql-http';

const url = process.argv[2] || 'http://127.0.0.1:8000/graphql';
const results = await auditServer({ url });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] += 1;
  if (result.status === 'warn' || result.status === 'error') {
    console.log(`${result.status.toUpperCase()} ${result.id} ${result.name}: ${result.reason}`);
  }
}
console.log(JSON.stringify(counts));
process.exit(counts.error > 0 ? 1 : 0);
