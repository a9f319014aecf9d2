/** Public entry point of the local Adobe Workfront REST emulator. */
export { startEmulator, demoApp, type Emulator } from './server';
export { Store } from './store';
export { DEMO_ADMIN_ID, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_CUSTOMER_ID } from './fixture';
export type { EmulatorCredentials, EmulatorOptions, EmulatorStats, FaultAction, FaultRule, OAuthAppConfig, Rec, RequestLogEntry } from './types';
export type { DeliveryRecord, EmittedEvent, Subscription } from './events';
