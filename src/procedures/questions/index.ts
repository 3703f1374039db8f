/** Questions and answers on procedures (hỏi đáp). */
export { questionRoutes } from './routes.js';
