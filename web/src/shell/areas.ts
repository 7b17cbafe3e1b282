// Which area of the app each role works in, and where a person lands. Nobody with a role is ever sent back to the
// login page: a path they lack the role for takes them to their own area.
import { T, type Text } from '../i18n.js';

export type Role = 'psychologist' | 'supervisor' | 'admin';
export interface Me {
  username: string;
  roles: string[];
  totpEnabled: boolean;
  /** An admin in production without two-factor login: must enrol before anything else. */
  totpRequired: boolean;
  /** The line's time zone (IANA). */
  timezone: string;
}

export interface Area {
  path: '/console' | '/dashboard' | '/admin';
  roles: Role[];
  label: Text;
}

export const AREAS: Area[] = [
  { path: '/console', roles: ['psychologist'], label: T('Konsol', 'Console') },
  // The statistics are for supervisors and admins alike (the role matrix); admins land in the admin area.
  { path: '/dashboard', roles: ['supervisor', 'admin'], label: T('Overblik', 'Dashboard') },
  { path: '/admin', roles: ['admin'], label: T('Administration', 'Admin') },
];

export const hasRole = (me: Pick<Me, 'roles'>, ...roles: Role[]): boolean => me.roles.some((r) => (roles as string[]).includes(r));

/** The areas this person may open, in the order of the nav. */
export const areasOf = (me: Pick<Me, 'roles'>): Area[] => AREAS.filter((a) => hasRole(me, ...a.roles));

/** Where a person lands after login: an admin in the admin area, a supervisor on the dashboard, a psychologist in the console. */
export function homeOf(me: Pick<Me, 'roles'>): string {
  if (hasRole(me, 'admin')) return '/admin';
  if (hasRole(me, 'supervisor')) return '/dashboard';
  if (hasRole(me, 'psychologist')) return '/console';
  return '/account';
}

/** The area a path belongs to (`/admin/rota` is the admin area), or undefined for one outside the areas. */
export const areaOfPath = (path: string): Area | undefined => AREAS.find((a) => path === a.path || path.startsWith(`${a.path}/`));
