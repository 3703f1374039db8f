export { OutboxSmsSender, normalizeVnPhone, type SmsSender } from './sms.js';
export { smsOutbox, SMS_STATUSES, type SmsStatus } from './schema.js';
export {
  SMS_JOB,
  smsGateway,
  smsJobHandler,
  recordDeliveryReport,
  deliveryOutcome,
  EsmsGateway,
  type SmsConfig,
  type SmsGateway,
} from './sms-gateway.js';
export { smsRoutes } from './sms-routes.js';
export { queueEmail, emailJobHandler, EMAIL_JOB, type EmailMessage } from './email.js';
export { emails } from './email-schema.js';
