/** Postal intake and return (bưu chính công ích, Quyết định 45/2016/QĐ-TTg). */
export { postalRoutes, postalCarriers } from './routes.js';
export {
  HttpPostalCarrier,
  signPostal,
  verifyDeliveryEvent,
  type PostalCarrier,
  type CarrierConfig,
  type DeliveryEvent,
} from './carrier.js';
