import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { deriveKey, open, seal } from '../../infra/crypto.js';
import type { Queryable } from '../../infra/db/database.js';

// Two-factor login with time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s), as every authenticator app
// reads them. The secret is sealed at rest with its own key derived from CONTACT_KEY.

const PERIOD = 30;
const ISSUER = 'Stopline';

function totpFor(secretBase32: string, username: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
  /** The otpauth URL as a QR code (SVG text), for the enrolment page. */
  qrSvg: string;
}

/** A new pending secret for the user (replacing a pending one; an enabled one stays until confirmed). */
export async function startEnrolment(db: Queryable, contactKey: Buffer, user: { id: string; username: string }): Promise<TotpEnrolment> {
  const secret = new Secret({ size: 20 }).base32;
  const otpauthUrl = totpFor(secret, user.username).toString();
  await db.query('UPDATE users SET totp_secret = $2 WHERE id = $1 AND NOT totp_enabled', [user.id, seal(deriveKey(contactKey, 'totp'), secret)]);
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUrl, qrSvg };
}

/**
 * Checks a code against the user's secret (pending or enabled), one step either side for clock drift. A code is
 * accepted at most once: its time step must be later than the last accepted one (set in the same statement, so two
 * concurrent logins with one code cannot both pass). With `enable`, a correct code also turns TOTP on.
 */
export async function acceptCode(db: Queryable, contactKey: Buffer, userId: string, code: string, options: { enable?: boolean } = {}): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const row = (await db.query<{ username: string; totp_secret: string | null; totp_enabled: boolean }>(
    'SELECT username, totp_secret, totp_enabled FROM users WHERE id = $1', [userId],
  )).rows[0];
  if (!row?.totp_secret || (!row.totp_enabled && !options.enable)) return false;
  let secret: string;
  try {
    secret = open(deriveKey(contactKey, 'totp'), row.totp_secret);
  } catch {
    return false;
  }
  const now = Date.now();
  const delta = totpFor(secret, row.username).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return false;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  const result = await db.query(
    `UPDATE users SET totp_last_step = $2, totp_enabled = totp_enabled OR $3 WHERE id = $1 AND totp_last_step < $2`,
    [userId, step, options.enable === true],
  );
  return result.rowCount === 1;
}

export async function totpEnabled(db: Queryable, userId: string): Promise<boolean> {
  return (await db.query<{ totp_enabled: boolean }>('SELECT totp_enabled FROM users WHERE id = $1', [userId])).rows[0]?.totp_enabled === true;
}

/** Turns TOTP off and forgets the secret (an admin's "reset two-factor"). Returns false when there is no such user. */
export async function resetTotp(db: Queryable, userId: string): Promise<boolean> {
  const result = await db.query('UPDATE users SET totp_secret = NULL, totp_enabled = false, totp_last_step = 0 WHERE id = $1', [userId]);
  return result.rowCount === 1;
}

/** For tests and the simulator's helpers: the current code of a base32 secret. */
export function currentCode(secretBase32: string, at = Date.now()): string {
  return totpFor(secretBase32, 'x').generate({ timestamp: at });
}
