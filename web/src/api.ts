// The console's only way to the server: same-origin fetch with JSON, errors as ApiError (status, message, fields).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For a 400: the failing fields, e.g. ["body.callerType", "body.riskFlags.threats_to_kill"]. */
    readonly fields: string[] = [],
    /** For a 429: seconds to wait. */
    readonly retryAfter: number | undefined = undefined,
  ) {
    super(message);
  }
}

let onSessionLost: (() => void) | undefined;
/** Called when a request is refused for want of a session (expired, or logged out elsewhere). */
export function whenSessionLost(handler: () => void): void {
  onSessionLost = handler;
}

export async function api<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', 'No connection to the server');
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = (json ?? {}) as { error?: string; message?: string; fields?: string[] };
    const retry = Number(res.headers.get('retry-after'));
    if (res.status === 401 && path !== '/api/session') onSessionLost?.();
    throw new ApiError(res.status, err.error ?? 'error', err.message ?? res.statusText, err.fields ?? [], Number.isFinite(retry) && retry > 0 ? retry : undefined);
  }
  return json as T;
}
