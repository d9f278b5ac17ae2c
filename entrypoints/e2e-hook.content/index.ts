/**
 * End-to-end builds only (wxt.config.ts drops this entrypoint from other builds): lets a
 * test page on 127.0.0.1 ask for the popup of its own tab. See lib/ext/e2e.ts.
 */
import { relayE2eEvents } from '@/lib/ext/e2e';

export default defineContentScript({
  matches: ['http://127.0.0.1/*'],
  runAt: 'document_start',
  main(ctx) {
    relayE2eEvents(window, ctx.signal);
  },
});
