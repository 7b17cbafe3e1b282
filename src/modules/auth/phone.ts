import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A staff member's own phone (for on-call forwarding), normalised to E.164; Danish when written without a country
 * code. Undefined when it is not a valid number. The `max` metadata knows which ranges are in use.
 */
export function normaliseStaffPhone(input: string): string | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), 'DK');
  return parsed?.isValid() ? parsed.number : undefined;
}
