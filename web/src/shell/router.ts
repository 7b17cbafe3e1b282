// In-app navigation: every area of the app has its own address (the server serves the same page at each), and a
// link inside the app changes it with history.pushState instead of reloading the page.

let listener: ((path: string) => void) | undefined;

/** The shell's router registers here; `navigate` and the back button call it. */
export function onNavigate(handler: (path: string) => void): void {
  listener = handler;
  window.addEventListener('popstate', () => handler(location.pathname + location.search));
}

/** Goes to a path of the app (pushState, or replaceState for a redirect that should not be a step back). */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else if (location.pathname + location.search !== path) history.pushState(null, '', path);
  listener?.(path);
}

/**
 * A real link (works with the keyboard, opens in a new tab with a modifier) that navigates in place on a plain
 * click. `current` marks the link of the page shown with aria-current.
 */
export function appLink(link: HTMLAnchorElement, current: boolean): HTMLAnchorElement {
  if (current) link.setAttribute('aria-current', 'page');
  link.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(link.getAttribute('href')!);
  });
  return link;
}
