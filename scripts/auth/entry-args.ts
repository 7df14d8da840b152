import { roles, type Role } from '../../server/auth/contract';

/** `<name> <role>` from the command line; exits with the usage on anything else. */
export function nameAndRole(argv: readonly string[], usage: string): { name: string; role: Role } {
  const [name, role] = argv;
  if (!name || !role || !(roles as readonly string[]).includes(role) || argv.length > 2) {
    process.stderr.write(`usage: ${usage}\n  role: ${roles.join(' | ')}\n`);
    process.exit(2);
  }
  return { name, role: role as Role };
}
