export { startSandbox, type Sandbox, type SandboxOptions, type SandboxStats, type ProcessedRequest } from './server.js';
export { errorRate, latency, connectionResets, type Fault, type FaultRule, type FaultScope } from './faults.js';
