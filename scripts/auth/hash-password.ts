import readline from 'node:readline';
import { hashPassword } from '../../server/auth/password';
import { nameAndRole } from './entry-args';

/** Reads the password from stdin (not the command line, which ends up in shell history and `ps`); hidden at a terminal. */
async function readPassword(): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    let text = '';
    for await (const chunk of input) text += String(chunk);
    return text.replace(/\r?\n$/, '');
  }
  const rl = readline.createInterface({ input, output: process.stderr, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stderr.write('password: ');
  muted._writeToOutput = () => undefined;
  const password = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return password;
}

async function main(): Promise<void> {
  const { name, role } = nameAndRole(process.argv.slice(2), 'npm run auth:hash-password -- <name> <role>   (password on stdin)');
  const password = await readPassword();
  if (password.length < 8) {
    process.stderr.write('refused: use a password of at least 8 characters\n');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify({ name, role, passwordHash: await hashPassword(password) })}\n`);
  process.stderr.write('add this entry to the JSON array in the file LENS_AUTH_USERS_FILE names\n');
}

void main();
