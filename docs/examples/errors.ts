import { ArbiterError, createArbiterClient } from 'arbiter/client';

const arbiter = createArbiterClient({ url: 'http://localhost:4000/graphql', token: process.env.ARBITER_TOKEN ?? '' });

try {
  await arbiter.evaluate({ content: 'hello', policies: ['no-such-policy'] });
} catch (error) {
  if (!(error instanceof ArbiterError)) throw error;
  switch (error.code) {
    case 'NOT_FOUND': console.error('unknown policy:', error.message); break;
    case 'VALIDATION_FAILED': console.error(error.problems.map((p) => `${p.path}: ${p.message}`).join('\n')); break;
    case 'UNAUTHENTICATED': case 'FORBIDDEN': console.error('check the token and its roles'); break;
    case 'QUERY_TOO_COMPLEX': console.error('ask for fewer rows or fields'); break;
    case 'NETWORK_ERROR': console.error('the server could not be reached'); break;
    default: throw error;
  }
}
