/** The gateway module. Other modules use only what this file exports. */
import type { App } from '../platform/index.js';

/** The module's routes and jobs, registered by the server (src/main.ts). */
export async function gatewayModule(app: App) {
  void app;
}
