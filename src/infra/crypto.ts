import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * One CONTACT_KEY, separate keys per purpose (HKDF), so a key used for the block-list hash can never decrypt a
 * number, and rotating one purpose does not touch another.
 */
export function deriveKey(masterKey: Buffer, purpose: 'blocklist' | 'callback' | 'contact' | 'followup-request' | 'totp'): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `stopline:${purpose}`, 32));
}

const keyIds = new WeakMap<Buffer, string>();

/** A short id of a key, stored beside what it encrypted, so a rotated key can still be told apart. */
export function keyId(key: Buffer): string {
  let id = keyIds.get(key);
  if (id === undefined) {
    id = createHmac('sha256', key).update('key-id').digest('hex').slice(0, 8);
    keyIds.set(key, id); // computed once per key, not once per sealed value
  }
  return id;
}

/**
 * AES-256-GCM: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). `aad` (associated data) binds the ciphertext to
 * where it belongs (a row and a field): copied to another row or field, it no longer opens.
 */
export function seal(key: Buffer, plaintext: string | Buffer, aad?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext), cipher.final()]);
  return ['v1', keyId(key), iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

export function open(key: Buffer, sealed: string, aad?: string): string {
  return openBytes(key, sealed, aad).toString('utf8');
}

export function openBytes(key: Buffer, sealed: string, aad?: string): Buffer {
  const [version, id, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('not a sealed value');
  if (id !== keyId(key)) throw new Error(`sealed with another key (${id})`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
}

/** The key id a sealed value names (to pick the key that opens it). */
export function sealedKeyId(sealed: string): string | undefined {
  return sealed.split('.')[1];
}

/** HMAC-SHA256, hex: the same input always gives the same value, which cannot be turned back into the input. */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}
