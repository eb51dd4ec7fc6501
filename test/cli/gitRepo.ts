import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Git without the user's identity or signing settings, so commits work on any machine. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-C',
      dir,
      '-c',
      'user.name=lvsched test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { encoding: 'utf8', env: { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir() } },
  );
}

/** A new repository in a temporary folder with `files` committed on `main`; returns its folder. */
export function gitRepo(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lvsched-repo-'));
  git(dir, 'init', '-q', '-b', 'main');
  commitFiles(dir, files, 'first version');
  return dir;
}

/** Writes `files` into the repository and commits them. */
export function commitFiles(dir: string, files: Readonly<Record<string, string>>, message: string): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}
