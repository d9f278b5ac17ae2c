/**
 * The background: owns the database and the corpus index, answers the popup, analyses
 * tabs. Wiring only; the work is in lib/ext/service.ts.
 */
import { browser } from 'wxt/browser';
import { DejaLuStore, openDeja } from '@/lib/ext/db';
import { e2eMark, installE2eBackground } from '@/lib/ext/e2e';
import { createBrowserPort, transferPort } from '@/lib/ext/browser-port';
import { engine } from '@/lib/ext/engine-adapter';
import { bundledSeeds } from '@/lib/ext/seeds';
import { TRANSFER_PORT } from '@/lib/ext/protocol';
import { createBackgroundService } from '@/lib/ext/service';

export default defineBackground(() => {
  if (import.meta.env.MODE === 'e2e') e2eMark('worker');
  const service = createBackgroundService({
    store: openDeja().then((db) => new DejaLuStore(db)),
    engine,
    browser: createBrowserPort(),
    seeds: bundledSeeds,
    log: (message, error) => console.warn(`[deja-lu] ${message}`, error ?? ''),
    ...(import.meta.env.MODE === 'e2e' ? { trace: e2eMark } : {}),
  });

  // Listeners are added synchronously so that the events that wake the worker reach them.
  browser.runtime.onInstalled.addListener(() => void service.install());
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const answer = service.handleMessage(message, sender);
    if (!answer) return false;
    void answer.then(sendResponse);
    return true;
  });
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== TRANSFER_PORT) return;
    service.handleConnection(transferPort(port), port.sender ?? {});
  });
  browser.tabs.onUpdated.addListener(
    (tabId, change, tab) => void service.onTabUpdated(tabId, change, tab),
  );
  browser.permissions.onRemoved.addListener(() => void service.onHostAccessChanged());

  if (import.meta.env.MODE === 'e2e') installE2eBackground();
});
