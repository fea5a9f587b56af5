/**
 * A local stand-in for the OpenPhone v1 API, for tests: every operation of
 * the spec over a seeded in-memory workspace, with the real API's key check,
 * rate limit and validation, simulated webhook deliveries and fault injection.
 */
export { startSandbox, CONTROL_PREFIX, type Sandbox, type SandboxOptions, type SandboxStats, type ProcessedRequest } from './server.js';
export { runSandbox, sandboxOptionsFromArgs, SANDBOX_USAGE, type RunSandboxOptions, type RunningSandbox } from './run.js';
export { connectSandbox, type SandboxConnection } from './remote.js';
export { errorRate, latency, connectionResets, MAX_DELAY_MS, type Fault, type FaultRule, type FaultScope } from './faults.js';
export type { SandboxSimulator, Simulation, SimulationRequest, ReceivedMessageInput, CompletedCallInput } from './simulate.js';
export type { WebhookDeliveryRecord } from './deliveries.js';
export type { SimulatedEvent, SimulatedEventType } from './events.js';
export type { Store, PhoneNumberUser } from './store.js';
export { SEEDED_NUMBERS, SEEDED_CONTACT_NUMBERS } from './seed.js';
