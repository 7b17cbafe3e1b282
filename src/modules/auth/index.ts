// The auth module's public face: staff accounts, sessions and the route guards. It owns the `users` table and the
// Redis keys `session:*`, `login-fail:*` and `login-lock:*`; other modules ask it, never the table.
export { authPlugin } from './plugin.js';
export { loadUser, requireRole, requireUser, userOfSession } from './guard.js';
export { hashPassword, isAcceptablePassword, passwordSchemaMessage, verifyPassword } from './password.js';
export { ROLES, roleSchema, type Role } from './roles.js';
export { createSession, deleteSession, publishSessionEnded, SESSION_COOKIE, sessionHash, sessionsEndedChannel, type SessionEnded } from './sessions.js';
export {
  activePsychologists,
  createUser,
  DuplicateUsernameError,
  findActivePsychologist,
  findUserById,
  listUsers,
  psychologistIdsByUsername,
  setUserDisabled,
  setUserPassword,
  usernamesById,
  usersByIds,
  type ActivePsychologist,
  type User,
} from './users-repository.js';
export { announceSetupLink } from './first-run.js';
export { issueToken, PASSWORD_TOKEN_SECONDS } from './one-time-tokens.js';
export { normaliseStaffPhone } from './phone.js';
export { usernameSchema } from './first-run-routes.js';
export { resetTotp } from './totp.js';
export { changeUser, createInvitedUser, otherActiveAdmins, type UserChange } from './user-changes.js';
