export { OutboxSmsSender, normalizeVnPhone, type SmsSender } from './sms.js';
export { smsOutbox } from './schema.js';
export { queueEmail, emailJobHandler, EMAIL_JOB, type EmailMessage } from './email.js';
export { emails } from './email-schema.js';
