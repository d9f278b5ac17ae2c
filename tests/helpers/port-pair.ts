/** A fake runtime port pair for tests of the transfer protocol (imports, exports). */
import type { TransferPort } from '@/lib/ext/service';

/** Two connected ends of a runtime port; messages are cloned and delivered asynchronously. */
export function portPair(): { page: TransferPort; background: TransferPort; closed(): boolean } {
  type End = { messages: ((m: unknown) => void)[]; closed: (() => void)[]; open: boolean };
  const a: End = { messages: [], closed: [], open: true };
  const b: End = { messages: [], closed: [], open: true };
  const end = (self: End, other: End): TransferPort => ({
    postMessage(message) {
      if (!self.open) throw new Error('Attempting to use a disconnected port object');
      const copy = structuredClone(message);
      setTimeout(() => {
        if (other.open) for (const listener of other.messages) listener(copy);
      }, 0);
    },
    onMessage: (listener) => self.messages.push(listener),
    onDisconnect: (listener) => self.closed.push(listener),
    disconnect() {
      if (!self.open) return;
      self.open = false;
      other.open = false;
      for (const listener of other.closed) listener();
    },
  });
  return { page: end(a, b), background: end(b, a), closed: () => !a.open };
}
