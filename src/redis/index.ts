/**
 * Sharing state through Redis: one rate-limit budget per API key across every
 * process and machine, and webhook deliveries run once across replicas. Pass
 * your own connected client, ioredis or node-redis; this entry point imports
 * neither.
 */
export { redisRateLimitStore, type RedisRateLimitStoreOptions } from './rate-limit-store.js';
export { redisDedupeStore } from './dedupe-store.js';
export type { IoRedisClient, NodeRedisClient, RedisClient, RedisStoreOptions } from './client.js';
