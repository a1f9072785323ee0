// The interactive shell: a prompt that shows who is logged in where, Tab completion,
// history kept in ~/.zstack-cli/history.
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CommandRunner } from './command-runner.js';
import { complete } from './completer.js';
import { historyFile } from './session-store.js';

const HISTORY_SIZE = 1000;

function loadHistory(): string[] {
  try {
    return readFileSync(historyFile(), 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

export async function runShell(runner: CommandRunner): Promise<void> {
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    completer: (line: string) => complete(line),
    history: loadHistory(),
    historySize: HISTORY_SIZE,
    terminal: process.stdin.isTTY,
  });
  const prompt = () => `${runner.accountName ?? '(not logged in)'}@${runner.client.server} >>> `;
  const saveHistory = () => {
    const lines = [...((rl as unknown as { history: string[] }).history ?? [])].reverse();
    writeFileSync(historyFile(), `${lines.join('\n')}\n`, { mode: 0o600 });
  };
  rl.setPrompt(prompt());
  rl.prompt();
  for await (const line of rl) {
    const trimmed = line.trim();
    if (trimmed === 'exit' || trimmed === 'quit') break;
    await runner.run(trimmed);
    rl.setPrompt(prompt());
    rl.prompt();
  }
  saveHistory();
  rl.close();
}
