/** The signing and exchange parts of the documents module: routes and jobs, registered by documentsModule. */
import type { App } from '../platform/index.js';
import { signingRoutes } from './signing/routes.js';
import { registerCscJob } from './signing/service.js';
import { exchangeRoutes } from './exchange/routes.js';
import { exchangeBoxRoutes } from './exchange/boxes.js';
import { registerExchangeJobs } from './exchange/service.js';

export async function signingExchangeRoutes(app: App) {
  registerCscJob(app.ctx);
  registerExchangeJobs(app.ctx);
  await signingRoutes(app);
  await exchangeRoutes(app);
  await exchangeBoxRoutes(app);
}
