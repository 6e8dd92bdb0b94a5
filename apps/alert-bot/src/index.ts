export { type AlertInput, AlertInputSchema, checkAlert } from './alerts/AlertInput.js';
export type { AlertRecord, AlertSeverity } from './alerts/AlertRecord.js';
export { AlertBot, type AlertBotParts } from './app/AlertBot.js';
export { type AlertBotOptions, createAlertBot, outboxFile } from './app/createAlertBot.js';
export {
  type AlertBotConfig,
  type AlertBotConfigInput,
  AlertBotConfigSchema,
  type ChannelConfig,
  type DeliveryConfig,
  type ExponentialScheduleConfig,
  type InspectionConfig,
  type InspectionTarget,
} from './config/AlertBotConfig.js';
export { DEFAULT_PORT, DEMO_WEBHOOK_SECRET, SVIX_RETRY_SCHEDULE } from './config/defaultConfig.js';
export { loadAlertBotConfig } from './config/loadAlertBotConfig.js';
export { readAlertBotConfig } from './config/readAlertBotConfig.js';
export { retryWaits } from './config/retryWaits.js';
export { channelRequest, slackPayload, webhookPayload } from './delivery/channelRequest.js';
export { retryDelay } from './delivery/retryDelay.js';
export { decodeWebhookSecret, signWebhook, verifyWebhook } from './delivery/webhookSignature.js';
export {
  AlertNotStoredError,
  ChannelDisabledError,
  CheckFailedError,
  InvalidAlertError,
} from './errors/alertBotErrors.js';
export { OutboxAlertSink } from './intake/OutboxAlertSink.js';
export type { ReceivedWebhook } from './intake/LoopbackReceiver.js';
export { type TargetHealth, type TargetState } from './inspection/TargetHealth.js';
export type { ClaimedDelivery, DeadLetter } from './outbox/ClaimedDelivery.js';
export { type EnqueueResult, Outbox } from './outbox/Outbox.js';
export type { ChannelDepth, OutboxStatus } from './outbox/OutboxStatus.js';
