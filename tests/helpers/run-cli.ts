/** Runs the CLI in-process with captured output, as tests call it. */
import { main, type Io } from '@/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], extra: Partial<Io> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    ...extra,
  });
  return { code, stdout, stderr };
}
