import { randomBytes } from 'node:crypto';
import { deriveKey, keyId, openBytes, sealedKeyId, seal, open } from '../../infra/crypto.js';

/**
 * Envelope encryption of contact details (docs/architecture.md, "Follow-up contact"): each follow-up has its own random 256-bit data key; its fields
 * are sealed (AES-256-GCM) under that key with associated data naming the row and the field; the data key itself is
 * sealed ("wrapped") by the key-encryption key derived from CONTACT_KEY, whose id is stored beside it. Rotation
 * re-wraps data keys under a new CONTACT_KEY; shredding deletes the data key with the ciphertexts.
 */
export class ContactKeys {
  private readonly byId = new Map<string, Buffer>();
  readonly current: Buffer;

  constructor(contactKey: Buffer, previousContactKeys: readonly Buffer[] = []) {
    this.current = deriveKey(contactKey, 'contact');
    for (const key of [this.current, ...previousContactKeys.map((k) => deriveKey(k, 'contact'))]) this.byId.set(keyId(key), key);
  }

  get currentId(): string {
    return keyId(this.current);
  }

  /** A fresh data key for a new follow-up, and its wrapped form for storage. */
  newDataKey(followupId: string): { dataKey: Buffer; wrapped: string; kekId: string } {
    const dataKey = randomBytes(32);
    return { dataKey, wrapped: seal(this.current, dataKey, wrapAad(followupId)), kekId: this.currentId };
  }

  /** Opens a wrapped data key with whichever known key wrapped it; throws when that key is not configured. */
  unwrap(followupId: string, wrapped: string): Buffer {
    const id = sealedKeyId(wrapped) ?? '';
    const kek = this.byId.get(id);
    if (!kek) throw new Error(`the key ${id} that wrapped this data key is not configured (CONTACT_KEY / CONTACT_KEY_PREVIOUS)`);
    return openBytes(kek, wrapped, wrapAad(followupId));
  }

  /** The data key wrapped again under the current key (rotation). */
  rewrap(followupId: string, wrapped: string): { wrapped: string; kekId: string } {
    return { wrapped: seal(this.current, this.unwrap(followupId, wrapped), wrapAad(followupId)), kekId: this.currentId };
  }
}

export type ContactField = 'phone' | 'name' | 'case_reference';

const wrapAad = (followupId: string) => `followup:${followupId}:data_key`;
const fieldAad = (followupId: string, field: ContactField) => `followup:${followupId}:${field}`;

export function sealField(dataKey: Buffer, followupId: string, field: ContactField, value: string): string {
  return seal(dataKey, value, fieldAad(followupId, field));
}

export function openField(dataKey: Buffer, followupId: string, field: ContactField, sealed: string): string {
  return open(dataKey, sealed, fieldAad(followupId, field));
}
