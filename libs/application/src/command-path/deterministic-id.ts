import { createHash } from 'node:crypto';

/**
 * A UUID (version 8, RFC 9562 "custom") derived from the command id and the event's index. Retrying
 * the same command (same command id) after a timeout therefore produces the same event ids, and the
 * store's durable idempotency records them only once.
 */
export function deterministicEventId(commandId: string, index: number): string {
  const h = createHash('sha256').update(`saksgang:event:${commandId}:${index}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
