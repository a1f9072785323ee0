// The interactive shell: a prompt that shows who is logged in where, Tab completion,
// history kept in ~/.zstack-cli/history with the secrets blanked (`password=`), as ZStack's
// CLI keeps its own: in the file, and in the lines Up brings back.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CommandRunner } from './command-runner.js';
import { complete } from './completer.js';
import { maskLine } from './secrets.js';
import { historyFile } from './session-store.js';

const HISTORY_SIZE = 1000;

/** Newest first, as readline keeps it. */
function loadHistory(): string[] {
  try {
    return readFileSync(historyFile(), 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function saveHistory(history: readonly string[]): void {
  writeFileSync(historyFile(), history.length ? `${[...history].reverse().join('\n')}\n` : '', { mode: 0o600 });
  chmodSync(historyFile(), 0o600); // also when an older file had looser bits
}

export async function runShell(runner: CommandRunner): Promise<void> {
  // A history written before secrets were masked is cleaned at once.
  const history = loadHistory().map((line) => maskLine(line));
  saveHistory(history);
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    completer: (line: string) => complete(line),
    history,
    historySize: HISTORY_SIZE,
    terminal: process.stdin.isTTY,
  });
  // readline has taken the line to run already; the copy it keeps is masked, then saved,
  // so a crash or a closed terminal loses nothing and leaks nothing.
  rl.on('history', (lines: string[]) => {
    if (lines.length) lines[0] = maskLine(lines[0]);
    saveHistory(lines);
  });
  const prompt = () => `${runner.accountName ?? '(not logged in)'}@${runner.client.server} >>> `;
  rl.setPrompt(prompt());
  rl.prompt();
  for await (const line of rl) {
    const trimmed = line.trim();
    if (trimmed === 'exit' || trimmed === 'quit') break;
    await runner.run(trimmed);
    rl.setPrompt(prompt());
    rl.prompt();
  }
  rl.close();
}
