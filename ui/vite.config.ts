import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Tauri serves the built files from ui/dist; `tauri dev` uses the dev server on 1420.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    fs: { allow: ['..'] },
  },
  build: {
    target: 'safari15',
    // No inline assets: the CSP allows only files of the app itself.
    assetsInlineLimit: 0,
  },
  // Vitest renders components as in the browser.
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
}));
