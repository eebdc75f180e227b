/** `arbiter serve`: the same server `npm start` runs. */
export async function run(): Promise<number> {
  await import('../main.js');
  // The server runs until a signal stops it; main.ts owns the exit.
  return new Promise<number>(() => undefined);
}
