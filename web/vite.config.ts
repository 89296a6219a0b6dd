/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The same Content-Security-Policy as the C++ server, so `vite preview` shows CSP breakage early.
const csp = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const apiTarget = process.env.ZS_API_TARGET ?? 'http://127.0.0.1:8080';

// The server refuses state-changing calls whose Origin is not its own; through the proxy the
// browser's Origin is Vite's, so present the target's Host and Origin instead.
const apiProxy = {
  '/api': {
    target: apiTarget,
    changeOrigin: true,
    configure: (proxy: { on: (ev: 'proxyReq', fn: (req: { setHeader: (k: string, v: string) => void }) => void) => void }) => {
      proxy.on('proxyReq', (req) => req.setHeader('origin', new URL(apiTarget).origin));
    },
  },
};

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    // vue-i18n: composition API only, JIT message compilation (no eval: CSP-safe).
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_JIT_COMPILATION__: true,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  server: { proxy: apiProxy },
  preview: {
    headers: { 'Content-Security-Policy': csp },
    proxy: apiProxy,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    cssCodeSplit: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) {
            return 'element-plus';
          }
          // ECharts (and its renderer zrender) only load with the dashboard.
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/')) return 'vendor';
          return undefined;
        },
      },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Component tests mount with the DOM-free renderer of src/test/renderer.ts, which needs the
    // client build of single-file components, not the SSR one node tests get by default.
    testTransformMode: { web: ['**/components/**/*.test.ts'] },
  },
});
