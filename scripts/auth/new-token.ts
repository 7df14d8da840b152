import { generateApiToken, tokenSha256 } from '../../server/auth/api-token';
import { nameAndRole } from './entry-args';

const { name, role } = nameAndRole(process.argv.slice(2), 'npm run auth:new-token -- <name> <role>');
const token = generateApiToken();
// the token goes to stderr once: stdout carries only the entry, so it can be appended to a file safely
process.stderr.write(`API token for ${name} (shown once, only its SHA-256 is stored; send it as "Authorization: Bearer <token>"):\n${token}\n`);
process.stdout.write(`${JSON.stringify({ name, role, tokenSha256: tokenSha256(token) })}\n`);
process.stderr.write('add this entry to the JSON array in the file LENS_API_TOKENS_FILE names\n');
