export { type AlertInput, AlertInputSchema, checkAlert } from './alerts/AlertInput.js';
export type { AlertRecord, AlertSeverity } from './alerts/AlertRecord.js';
export { graphemeCount } from './alerts/graphemes.js';
export { AlertBot, type AlertBotParts } from './app/AlertBot.js';
export { type AlertBotOptions, createAlertBot, outboxFile } from './app/createAlertBot.js';
export {
  type AlertBotConfig,
  type AlertBotConfigInput,
  AlertBotConfigSchema,
  type ChannelConfig,
  type DeliveryConfig,
  type ExponentialScheduleConfig,
  type GroupingConfig,
  type InspectionConfig,
  type InspectionTarget,
} from './config/AlertBotConfig.js';
export {
  ALERTING_RETRY_SCHEDULE,
  DEFAULT_PORT,
  DEMO_WEBHOOK_SECRET,
} from './config/defaultConfig.js';
export { loadAlertBotConfig } from './config/loadAlertBotConfig.js';
export { readAlertBotConfig } from './config/readAlertBotConfig.js';
export { retryWaits } from './config/retryWaits.js';
export { AttemptTimeout } from './delivery/AttemptTimeout.js';
export { channelRequest, slackPayload, webhookPayload } from './delivery/channelRequest.js';
export { retryDelay } from './delivery/retryDelay.js';
export { decodeWebhookSecret, signWebhook, verifyWebhook } from './delivery/webhookSignature.js';
export {
  AlertNotStoredError,
  AlertUnauthorizedError,
  ChannelDisabledError,
  CheckFailedError,
  InvalidAlertError,
  WebhookSignatureError,
  WebhookUnsignedError,
} from './errors/alertBotErrors.js';
export type { AlertGroup } from './grouping/AlertGroup.js';
export { flushGroup, type FlushStep, joinGroup } from './grouping/groupTransitions.js';
export { alertFingerprint, type GroupIdentity, groupIdentity } from './grouping/groupKey.js';
export type { Notification, NotificationKind } from './grouping/Notification.js';
export { OutboxAlertSink } from './intake/OutboxAlertSink.js';
export type { ReceivedWebhook } from './intake/LoopbackReceiver.js';
export { INSPECTION_LEASE } from './inspection/RedisInspectionLease.js';
export { type TargetHealth, type TargetState } from './inspection/TargetHealth.js';
export { AlertBotMetrics, type DeliveryOutcome } from './metrics/AlertBotMetrics.js';
export type { ClaimedDelivery, DeadLetter } from './outbox/ClaimedDelivery.js';
export { type EnqueueResult, ID_RETENTION_MS, Outbox } from './outbox/Outbox.js';
export type { ChannelDepth, OutboxStatus } from './outbox/OutboxStatus.js';
