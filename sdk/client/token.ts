/**
 * How the client authenticates: a fixed token, or a function called for every request and every
 * new stream connection (so it can hand out a refreshed token once the old one expires; cache
 * inside it as you see fit). Omit for anonymous calls.
 */
export type TokenSource = string | (() => string | Promise<string>) | undefined;

/** The `Authorization` header value for the next request or connection, or null without a token. */
export async function authorization(token: TokenSource): Promise<string | null> {
  if (token === undefined) return null;
  const value = typeof token === 'function' ? await token() : token;
  return `Bearer ${value}`;
}

/** Whether a refused token is worth another try: only a function can give a different one. */
export const canRefresh = (token: TokenSource): boolean => typeof token === 'function';
