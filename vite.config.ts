import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The psychologist's console: web/ → web/dist/, served by the app at `/` (src/modules/console/web-routes.ts).
// The app's Content-Security-Policy allows no inline script or style, so the output must have none: no module
// preload polyfill (it is an inline script), and assets as files rather than data: URIs.
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: true,
  },
  // `npx vite` serves the console with hot reload and forwards the API to `npm start` on port 3000. Add the dev
  // server's origin to ALLOWED_ORIGINS, or the app refuses its logins as cross-origin.
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
