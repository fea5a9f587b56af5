export { startSandbox, type Sandbox, type SandboxOptions, type SandboxStats, type ProcessedRequest } from './server.js';
export type { Fault, FaultRule } from './faults.js';
