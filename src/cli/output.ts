import { writeFileSync } from 'node:fs';

/** Where commands write: injectable so tests can run commands in-process. */
export interface Output {
  stdout(line: string): void;
  stderr(line: string): void;
  writeFile(path: string, text: string): void;
}

export const processOutput: Output = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  writeFile: (path, text) => writeFileSync(path, text),
};
