/** A command line that cannot run as given; the CLI prints its message as one line and exits 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What every command module exports. */
export interface CommandModule {
  run(argv: readonly string[]): Promise<number>;
}

/** One entry of the CLI's command table (server/cli/commands.ts). */
export interface CommandSpec {
  /** One line for `arbiter --help`. */
  readonly summary: string;
  /** The full `--help` text; printed without loading the command, so `--help` never starts anything. */
  readonly usage: string;
  readonly load: () => Promise<CommandModule>;
}

/** A command module whose `run` takes a verb first (`policy lint …`), bound to that verb. */
export const verb = (load: () => Promise<CommandModule>, name: string) => async (): Promise<CommandModule> => {
  const module = await load();
  return { run: (argv) => module.run([name, ...argv]) };
};
