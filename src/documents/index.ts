/** The documents module. Other modules use only what this file exports. */
import type { App } from '../platform/index.js';

/** The module's routes and jobs, registered by the server (src/main.ts). */
export async function documentsModule(app: App) {
  void app;
}
