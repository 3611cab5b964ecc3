/// <reference types="vite/client" />
declare module '*.json' {
  const value: Record<string, string>;
  export default value;
}
/** DoH endpoints a self-hosted build added (AUTHLENS_DOH_ENDPOINTS, web/vite.config.ts). */
declare const __AUTHLENS_DOH_ENDPOINTS__: string[];
