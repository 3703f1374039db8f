/**
 * First-run setup (cài đặt lần đầu): which province this installation serves, the one-time code of the first-run page,
 * and the setup itself (`npm run setup`, or the page). See docs/setup.md.
 */
import type { App } from '../http/app.js';
import { setupRoutes } from './routes.js';

export { installation, setupCodes } from './schema.js';
export {
  installedProvince,
  isDemoInstallation,
  hasAdministrator,
  markDemoInstallation,
  issueSetupCode,
  setupCodeValid,
  type Installation,
} from './installation.js';
export { completeSetup, setupInputProblems, SetupError, type SetupInput, type SetupResult } from './service.js';

export async function setupModule(app: App) {
  await setupRoutes(app);
}
