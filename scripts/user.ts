// npm run user -- add --username U --role R [--role R2] [--phone +45…] [--password-stdin]
//                 list | disable --username U | enable --username U | passwd --username U [--password-stdin]
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { appendAudit } from '../src/modules/audit/index.js';
import {
  createUser,
  DuplicateUsernameError,
  hashPassword,
  isAcceptablePassword,
  listUsers,
  passwordSchemaMessage,
  roleSchema,
  setUserDisabled,
  setUserPassword,
  type Role,
} from '../src/modules/auth/index.js';
import { UsageError, withDatabase } from './cli-support.js';

const USAGE = `Usage:
  npm run user -- add --username NAME --role psychologist|supervisor|admin [--role …] [--phone +45…] [--password-stdin]
  npm run user -- list
  npm run user -- disable --username NAME
  npm run user -- enable --username NAME
  npm run user -- passwd --username NAME [--password-stdin]
Without --password-stdin the password is asked for (twice, not shown).`;

const usernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'username: 2-63 lower-case letters, digits, . _ -');
const phoneSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'phone: an E.164 number such as +4512345678');

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    username: { type: 'string' },
    role: { type: 'string', multiple: true },
    phone: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function required<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  if (value === undefined) throw new UsageError(`${flag} is required\n\n${USAGE}`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

async function readPassword(): Promise<string> {
  let password: string;
  if (values['password-stdin']) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  } else {
    if (!process.stdin.isTTY) throw new UsageError('No terminal to ask for the password: use --password-stdin');
    password = await ask('Password: ');
    if ((await ask('Again: ')) !== password) throw new UsageError('The two passwords differ');
  }
  if (!isAcceptablePassword(password)) throw new UsageError(`The password ${passwordSchemaMessage}`);
  return password;
}

function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing while the password is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
    if (s.startsWith(question)) process.stdout.write(question);
  };
  return new Promise((resolve) => rl.question(question, (answer) => {
    rl.close();
    process.stdout.write('\n');
    resolve(answer);
  }));
}

await withDatabase(async (db) => {
  const [command] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'add': {
      const username = required(usernameSchema, values.username, '--username');
      const roles = [...new Set(required(z.array(z.enum(roleSchema.options, 'role: psychologist, supervisor or admin')).min(1), values.role, '--role'))] as Role[];
      const phone = values.phone === undefined ? undefined : required(phoneSchema, values.phone, '--phone');
      const passwordHash = await hashPassword(await readPassword());
      try {
        // The account and its audit row commit together.
        await db.transaction(async (tx) => {
          await createUser(tx, { username, passwordHash, roles, phone });
          await appendAudit(tx, { actor: 'cli', action: 'user.created', subject: username, details: { roles } });
        });
      } catch (err) {
        if (err instanceof DuplicateUsernameError) throw new UsageError(err.message);
        throw err;
      }
      process.stdout.write(`Created ${username} (${roles.join(', ')})\n`);
      return 0;
    }
    case 'list': {
      const users = await listUsers(db);
      if (users.length === 0) process.stdout.write('No users yet. Add one with: npm run user -- add --username NAME --role admin\n');
      for (const u of users) {
        process.stdout.write(`${u.username.padEnd(24)} ${u.roles.join(',').padEnd(32)} ${u.phone ? 'phone set' : 'no phone '}  ${u.disabled ? 'DISABLED' : 'active'}\n`);
      }
      return 0;
    }
    case 'disable':
    case 'enable': {
      const username = required(usernameSchema, values.username, '--username');
      await db.transaction(async (tx) => {
        if (!(await setUserDisabled(tx, username, command === 'disable'))) throw new UsageError(`No user "${username}"`);
        await appendAudit(tx, { actor: 'cli', action: command === 'disable' ? 'user.disabled' : 'user.enabled', subject: username });
      });
      process.stdout.write(`${command === 'disable' ? 'Disabled' : 'Enabled'} ${username}\n`);
      return 0;
    }
    case 'passwd': {
      const username = required(usernameSchema, values.username, '--username');
      const passwordHash = await hashPassword(await readPassword());
      await db.transaction(async (tx) => {
        if (!(await setUserPassword(tx, username, passwordHash))) throw new UsageError(`No user "${username}"`);
        await appendAudit(tx, { actor: 'cli', action: 'user.password_changed', subject: username });
      });
      process.stdout.write(`Changed the password of ${username}\n`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${command}"\n\n${USAGE}`);
  }
});
